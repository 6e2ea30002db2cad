"""Identifying restricted-vendor equipment: pure computation over model objects.

* :mod:`~offramp.fingerprint.oui` -- the dated OUI registry, longest-prefix lookup;
* :mod:`~offramp.fingerprint.oui_files` -- IEEE and Wireshark registry file formats;
* :mod:`~offramp.fingerprint.knowledge` -- vendor knowledge from ``data/devices/*.csv``;
* :mod:`~offramp.fingerprint.findings` -- what one value says;
* :mod:`~offramp.fingerprint.combine` -- the evidence rule (noisy-OR, contrary discount);
* :mod:`~offramp.fingerprint.identify` -- :class:`Identifier`, one device at a time;
* :mod:`~offramp.fingerprint.batch` -- ``Identifier.identify_many``, the same for an estate.

No I/O beyond reading package data, no network, no database; imports only the model.
"""

from offramp.fingerprint.combine import MIN_CONFIDENCE
from offramp.fingerprint.identify import Identifier
from offramp.fingerprint.knowledge import VendorKnowledge
from offramp.fingerprint.oui import OuiBlock, OuiLookup, OuiRegistry

__all__ = ["MIN_CONFIDENCE", "Identifier", "OuiBlock", "OuiLookup", "OuiRegistry",
           "VendorKnowledge"]
