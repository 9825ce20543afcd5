"""Errors whose message is meant for the user, in Vietnamese."""


class UserError(Exception):
    """Bad input or a refused action. `str(err)` is one Vietnamese sentence saying what to do."""


class Cancelled(Exception):
    """The user pressed Cancel; nothing was written."""
