"""Users, roles and grants: read from one Milvus, merged into another.

Milvus 2.2/2.3 answer BackupRBAC/RestoreRBAC with UNIMPLEMENTED, so RBAC is read with
SelectUser/SelectRole/SelectGrant and written with CreateRole, OperateUserRole and
OperatePrivilege. A restore only adds what is missing: it never duplicates a role or grant,
never grants what the backup did not hold, and never binds a user to a role it did not have.
Passwords cannot be read back from these versions, so users missing on the target are
reported, not created.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from .. import model
from ..milvuspb import milvus_pb2
from ..pb import backup_pb2 as pb
from .client import MilvusGateway

log = logging.getLogger(__name__)

# Roles every Milvus has; never created or touched.
BUILTIN_ROLES = frozenset({"admin", "public"})


def _grant_key(g: pb.GrantEntity) -> tuple[str, str, str, str, str]:
    return (
        g.role.name,
        g.object.name,
        g.object_name,
        g.grantor.privilege.name,
        g.db_name or model.DEFAULT_DB,
    )


def read_rbac(milvus: MilvusGateway) -> model.RBACMeta:
    """Every user (with its roles), role and grant of the Milvus."""
    meta = model.RBACMeta()
    users = milvus.call("SelectUser", milvus_pb2.SelectUserRequest(include_role_info=True))
    for result in users.results:
        meta.users.add(
            user=result.user.name, roles=[pb.RoleEntity(name=r.name) for r in result.roles]
        )
    roles = milvus.call("SelectRole", milvus_pb2.SelectRoleRequest(include_user_info=False))
    role_names = [r.role.name for r in roles.results]
    meta.roles.extend(pb.RoleEntity(name=n) for n in role_names)
    seen: set[tuple[str, str, str, str, str]] = set()
    for db in milvus.list_databases():
        for role in role_names:
            request = milvus_pb2.SelectGrantRequest(
                entity=milvus_pb2.GrantEntity(role=milvus_pb2.RoleEntity(name=role), db_name=db)
            )
            for g in milvus.call("SelectGrant", request, db=db).entities:
                grant = pb.GrantEntity(
                    role=pb.RoleEntity(name=g.role.name),
                    object=pb.ObjectEntity(name=g.object.name),
                    object_name=g.object_name,
                    grantor=pb.GrantorEntity(
                        user=pb.UserEntity(name=g.grantor.user.name),
                        privilege=pb.PrivilegeEntity(name=g.grantor.privilege.name),
                    ),
                    db_name=g.db_name or db,
                )
                if _grant_key(grant) not in seen:
                    seen.add(_grant_key(grant))
                    meta.grants.append(grant)
    return meta


@dataclass
class RBACRestoreReport:
    """What a restore added, and the users it could not restore."""

    roles_created: list[str] = field(default_factory=list)
    bindings_added: list[tuple[str, str]] = field(default_factory=list)
    grants_added: int = 0
    users_missing: list[str] = field(default_factory=list)


def restore_rbac(milvus: MilvusGateway, backup: model.RBACMeta) -> RBACRestoreReport:
    """Add the backup's roles, user-role bindings and grants that the target lacks."""
    report = RBACRestoreReport()
    current = read_rbac(milvus)
    existing_roles = {r.name for r in current.roles} | BUILTIN_ROLES
    for role in backup.roles:
        if role.name not in existing_roles:
            milvus.call(
                "CreateRole",
                milvus_pb2.CreateRoleRequest(entity=milvus_pb2.RoleEntity(name=role.name)),
            )
            existing_roles.add(role.name)
            report.roles_created.append(role.name)
    current_users = {u.user: {r.name for r in u.roles} for u in current.users}
    for user in backup.users:
        if user.user not in current_users:
            report.users_missing.append(user.user)
            continue
        for role in user.roles:
            if role.name not in current_users[user.user]:
                milvus.call(
                    "OperateUserRole",
                    milvus_pb2.OperateUserRoleRequest(
                        username=user.user,
                        role_name=role.name,
                        type=milvus_pb2.OperateUserRoleType.AddUserToRole,
                    ),
                )
                report.bindings_added.append((user.user, role.name))
    existing_grants = {_grant_key(g) for g in current.grants}
    for g in backup.grants:
        if _grant_key(g) in existing_grants or g.role.name in BUILTIN_ROLES - {"public"}:
            continue
        db = g.db_name or model.DEFAULT_DB
        milvus.call(
            "OperatePrivilege",
            milvus_pb2.OperatePrivilegeRequest(
                entity=milvus_pb2.GrantEntity(
                    role=milvus_pb2.RoleEntity(name=g.role.name),
                    object=milvus_pb2.ObjectEntity(name=g.object.name),
                    object_name=g.object_name,
                    grantor=milvus_pb2.GrantorEntity(
                        privilege=milvus_pb2.PrivilegeEntity(name=g.grantor.privilege.name)
                    ),
                    db_name=db,
                ),
                type=milvus_pb2.OperatePrivilegeType.Grant,
            ),
            db=db,
        )
        report.grants_added += 1
    if report.users_missing:
        log.warning(
            "RBAC restore: users %s do not exist on the target and their passwords "
            "cannot be read from Milvus 2.2/2.3; create them, then restore with rbac "
            "again to bind their roles",
            ", ".join(report.users_missing),
        )
    return report
