# sqlcipher3 ships no type information; its DB-API module is the standard library's sqlite3 API (the same classes,
# built against SQLCipher), so the type checker reads it as that. Only for mypy (pyproject.toml [tool.mypy]).
from sqlcipher3.dbapi2 import *  # noqa: F403
