"""One error type for bad user input, so the CLI can turn it into a one-line message and exit 2."""

from pathlib import PurePath

#: An error line's text, so that with "edusim: error: " it stays within 500 characters.
MAX_ERROR_TEXT = 480


class InputError(ValueError):
    """Bad input from a user: a file, a row, a field, a scenario key, a year.

    The message is complete on its own (it names the file, row and field where known);
    the CLI prints it on one line and exits with status 2.
    """

    def __init__(self, message: str = "", lang: str = "en", problems: list[str] | None = None, count: int = 0,
                 notes: list[str] | None = None):
        super().__init__(message)
        self.lang = lang  # the language the message is in ("zh" for a Chinese table's)
        self.key, self.fields = None, {}
        self.problems = problems or []  # a table's problems, one a line (``edusim check`` lists them)
        self.count = count or len(self.problems)  # ... and how many there are (the list stops at MAX_ERRORS)
        self.notes = notes or []  # what the reader did to the table, which may explain a problem

    @classmethod
    def worded(cls, message: str, /, **fields) -> "InputError":
        """An error from the message catalogue (``sim.wording``), worded again in the language the
        command settles on (``text``): the same check serves a Chinese table and an English one."""
        from sim.wording import say

        error = cls(say(message, "en", **fields))
        error.key, error.fields = message, fields
        return error

    def at(self, where: str) -> "InputError":
        """The same error said of ``where`` (a county's [set] table, not the --set it went through)."""
        if self.key is not None and "where" in self.fields:
            return InputError.worded(self.key, **{**self.fields, "where": where})
        return InputError.worded("at_where", where=where, error=self)  # worded in the command's language

    def renamed(self, old: str, new: str) -> "InputError":
        """The same error naming the file ``old`` as ``new`` (a temporary copy as the user knows it)."""
        if self.key is None:  # worded by the reader in the table's language: only the name changes
            return InputError(str(self).replace(old, new), self.lang, self.problems, self.count, self.notes)
        return InputError.worded(self.key, **{k: str(v).replace(old, new) if isinstance(v, (str, PurePath)) else v
                                              for k, v in self.fields.items()})

    def text(self, lang: str) -> str:
        """The message in ``lang`` where the catalogue words it, else as it was made."""
        if self.key is None:
            return str(self)
        from sim.wording import say

        return say(self.key, lang, **self.fields)
