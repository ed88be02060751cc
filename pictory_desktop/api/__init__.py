"""api layer: requests-based PictoryClient, typed errors, poll schedule, watch loop. No Qt here.

See docs/ARCHITECTURE.md. Import each name from the module that defines it (``api.client``, ``api.errors``,
``api.results``, ``api.watch``…): this package imports nothing, so a value type or a URL constant can be
used without loading requests (~100 ms) or email.utils.
"""
