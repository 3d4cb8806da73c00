"""The encrypted vault: SQLCipher engine, ORM rows, repositories, migrations, backup.

The only package that imports SQLAlchemy, Alembic or sqlcipher3.
"""
