"""`mtf db roles`: one PostgreSQL role per service, owning that service's schema and nothing
else, so the database itself refuses a service reading another's tables.

Run once as an administrator (the `DATABASE_URL` user); it prints the
`MTF_<SERVICE>_DATABASE_URL` lines to put in the environment. Safe to run again."""

from __future__ import annotations

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo

from mtf.kernel.db import conninfo_parts, schema_for
from mtf.kernel.settings import SERVICES

_OWNED = """
SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = %s AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))
"""
_KIND = {"r": "TABLE", "p": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW", "S": "SEQUENCE"}


def service_roles(
    admin_dsn: str, *, prefix: str = "mtf_", passwords: dict[str, str] | None = None
) -> dict[str, str]:
    """Create (or update) the roles; return each service's database URL."""
    parts = conninfo_parts(admin_dsn)
    urls: dict[str, str] = {}
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        for service in SERVICES:
            role, schema = f"{prefix}{service}", schema_for(service)
            password = (passwords or {}).get(service)
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
            verb = "ALTER" if exists else "CREATE"
            if password:
                conn.execute(
                    sql.SQL(verb + " ROLE {} LOGIN PASSWORD {}").format(
                        sql.Identifier(role), sql.Literal(password)
                    )
                )
            else:
                conn.execute(sql.SQL(verb + " ROLE {} LOGIN").format(sql.Identifier(role)))
            conn.execute(
                sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
                    sql.Identifier(parts["dbname"]), sql.Identifier(role)
                )
            )
            conn.execute(
                sql.SQL("CREATE SCHEMA IF NOT EXISTS {} AUTHORIZATION {}").format(
                    sql.Identifier(schema), sql.Identifier(role)
                )
            )
            conn.execute(
                sql.SQL("ALTER SCHEMA {} OWNER TO {}").format(
                    sql.Identifier(schema), sql.Identifier(role)
                )
            )
            conn.execute(
                sql.SQL("REVOKE ALL ON SCHEMA {} FROM PUBLIC").format(sql.Identifier(schema))
            )
            # what an earlier migration created as the administrator now belongs to the role
            for name, kind in conn.execute(_OWNED, (schema,)).fetchall():
                conn.execute(
                    sql.SQL("ALTER " + _KIND[kind] + " {}.{} OWNER TO {}").format(
                        sql.Identifier(schema), sql.Identifier(name), sql.Identifier(role)
                    )
                )
            for (signature,) in conn.execute(
                "SELECT p.oid::regprocedure::text FROM pg_proc p "
                "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = %s",
                (schema,),
            ).fetchall():
                conn.execute(
                    sql.SQL("ALTER FUNCTION " + signature + " OWNER TO {}").format(
                        sql.Identifier(role)
                    )
                )
            service_parts = {**parts, "user": role}
            service_parts.pop("password", None)
            if password:
                service_parts["password"] = password
            urls[service] = make_conninfo(**service_parts)
    return urls
