# sqlcipher3.dbapi2 is the sqlite3 module's API built against SQLCipher: the same names, the same signatures.
from sqlite3 import *  # noqa: F403
