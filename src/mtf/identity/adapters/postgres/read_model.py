"""Identity tables and the operator repository."""

from __future__ import annotations

import uuid

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Engine,
    ForeignKey,
    MetaData,
    String,
    Table,
    func,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.dialects.postgresql import UUID as PGUUID

from mtf.identity.domain.operator import Operator, Role

metadata = MetaData()

roles = Table(
    "roles",
    metadata,
    Column("name", String(50), primary_key=True),
    Column("description", String(200), nullable=False, server_default=""),
    Column("permissions", ARRAY(String(50)), nullable=False),
)

operators = Table(
    "operators",
    metadata,
    Column("id", PGUUID(as_uuid=True), primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("password_hash", String(200), nullable=False),
    Column("role", String(50), ForeignKey("roles.name"), nullable=False),
    Column("active", Boolean, nullable=False, server_default="true"),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("last_login_at", DateTime(timezone=True)),
)


class SqlOperatorRepository:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def by_username(self, username: str) -> Operator | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(operators).where(operators.c.username == username)).first()
        if row is None:
            return None
        return Operator(row.id, row.username, row.password_hash, row.role, row.active)

    def role(self, name: str) -> Role | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(roles).where(roles.c.name == name)).first()
        return Role(row.name, row.description, tuple(row.permissions)) if row else None

    def save_role(self, role: Role) -> None:
        stmt = insert(roles).values(
            name=role.name, description=role.description, permissions=list(role.permissions)
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=[roles.c.name],
            set_={
                "description": stmt.excluded.description,
                "permissions": stmt.excluded.permissions,
            },
        )
        with self.engine.begin() as conn:
            conn.execute(stmt)

    def add_operator(self, username: str, password_hash: str, role: str, actor: str) -> None:
        from mtf.identity.adapters.postgres.audit import record

        operator_id = uuid.uuid4()
        stmt = (
            insert(operators)
            .values(id=operator_id, username=username, password_hash=password_hash, role=role)
            .on_conflict_do_nothing(index_elements=[operators.c.username])
        )
        with self.engine.begin() as conn:
            if conn.execute(stmt).rowcount:
                record(
                    conn,
                    "operator",
                    operator_id,
                    "OperatorCreated",
                    actor,
                    {"username": username, "role": role},
                )

    def set_password_hash(self, username: str, password_hash: str, actor: str) -> None:
        from mtf.identity.adapters.postgres.audit import record

        with self.engine.begin() as conn:
            row = conn.execute(
                operators.update()
                .where(operators.c.username == username)
                .values(password_hash=password_hash)
                .returning(operators.c.id)
            ).first()
            if row is not None:
                record(conn, "operator", row.id, "OperatorPasswordChanged", actor)

    def record_login(self, username: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                operators.update()
                .where(operators.c.username == username)
                .values(last_login_at=func.now())
            )
