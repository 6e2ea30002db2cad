"""Equipment exposure: from estate files and (opt-in) discovery to identified devices.

The use-case layer for issue 6: it reads inputs with :mod:`offramp.scans`, merges the
observations of one device, identifies each with :mod:`offramp.fingerprint` and names the
instruments from the restricted-vendor catalogue.
"""
