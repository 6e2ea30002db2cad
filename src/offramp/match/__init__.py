"""Matching: small pure features composed by a declared, versioned algorithm.

Nothing here touches a database or the network: it scores prepared names and entities.
"""
