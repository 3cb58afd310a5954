from tests.desk.conftest import staff  # noqa: F401 - the desk's cast, for the import form
