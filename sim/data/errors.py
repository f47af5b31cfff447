"""One error type for bad user input, so the CLI can turn it into a one-line message and exit 2."""


class InputError(ValueError):
    """Bad input from a user: a file, a row, a field, a scenario key, a year.

    The message is complete on its own (it names the file, row and field where known);
    the CLI prints it on one line and exits with status 2.
    """

    def __init__(self, message: str = "", lang: str = "en"):
        super().__init__(message)
        self.lang = lang  # the language the message is in ("zh" for a Chinese table's)
