"""The scope guard: which addresses discovery may contact, checked before any packet leaves.

The user names the networks they are authorised to probe; every destination (a unicast sweep
target, a device to enrich, an address a reply tells us to contact) must lie inside one of
them, and replies from outside are ignored. Networks larger than a cap are refused so a typo
(``/8`` for ``/24``) cannot turn a look at one office into a scan of a whole organisation.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network, ip_address, ip_network

from offramp.model import OfframpError

# A /16: the largest network discovered unless the user raises the cap on purpose.
DEFAULT_MAX_ADDRESSES = 65_536


class DiscoveryError(OfframpError):
    """Discovery cannot start as asked (not authorised, bad network, no interface)."""


class ScopeError(DiscoveryError):
    """A destination lies outside the networks the user named: nothing was sent to it."""


@dataclass(frozen=True, slots=True)
class Scope:
    """The IPv4 networks the user named and confirmed."""

    networks: tuple[IPv4Network, ...]

    @classmethod
    def parse(cls, texts: Sequence[str], *,
              max_addresses: int = DEFAULT_MAX_ADDRESSES) -> Scope:
        """Networks from CIDR text (``192.0.2.0/24``, or one address for a single host)."""
        if not texts:
            raise DiscoveryError("name at least one network (--network CIDR) to discover")
        networks = []
        for text in texts:
            try:
                network = ip_network(text.strip(), strict=False)
            except ValueError as exc:
                raise DiscoveryError(f"{text!r} is not a network in CIDR form ({exc})") from exc
            if not isinstance(network, IPv4Network):
                raise DiscoveryError(f"{text}: only IPv4 networks can be discovered")
            if network.is_multicast or network.is_unspecified:
                raise DiscoveryError(f"{text}: a multicast or unspecified network is not a LAN")
            if network.num_addresses > max_addresses:
                raise DiscoveryError(
                    f"{text} holds {network.num_addresses:,} addresses, more than the cap of "
                    f"{max_addresses:,}; name smaller networks or raise the cap on purpose")
            networks.append(network)
        return cls(tuple(networks))

    def contains(self, address: str) -> bool:
        """True when ``address`` lies in one of the networks."""
        try:
            parsed = ip_address(address)
        except ValueError:
            return False
        return isinstance(parsed, IPv4Address) and any(parsed in n for n in self.networks)

    def require(self, address: str, what: str) -> None:
        """Raise :class:`ScopeError` unless ``address`` is in scope (``what`` says why we
        wanted to contact it)."""
        if not self.contains(address):
            raise ScopeError(f"refused {what} to {address}: outside the named networks "
                             f"({', '.join(str(n) for n in self.networks)}); nothing sent")

    def hosts(self) -> Iterator[str]:
        """Every host address of every network, once each (a /32 is its one address)."""
        seen: set[IPv4Address] = set()
        for network in self.networks:
            addresses = network.hosts() if network.prefixlen < 31 else iter(network)
            for address in addresses:
                if address not in seen:
                    seen.add(address)
                    yield str(address)

    def __str__(self) -> str:
        return ", ".join(str(n) for n in self.networks)
