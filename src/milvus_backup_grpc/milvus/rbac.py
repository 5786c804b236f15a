"""Users, roles and grants: read from one Milvus, merged into another.

Milvus 2.2/2.3 answer BackupRBAC/RestoreRBAC with UNIMPLEMENTED, so RBAC is read with
SelectUser/SelectRole/SelectGrant and written with CreateRole, OperateUserRole and
OperatePrivilege. A restore only adds what is missing: it never duplicates a role or grant,
never grants what the backup did not hold, and never binds a user to a role it did not have.
Passwords cannot be read back from these versions, so users missing on the target are
reported, not created.

Privilege groups (Milvus 2.5+) are read with ListPrivilegeGroups into
``RBACMeta.privilege_groups``, the JSON key upstream writes, and restored with
CreatePrivilegeGroup and OperatePrivilegeGroup before the grants, since a grant may name a
group as its privilege. A server without ListPrivilegeGroups (2.2-2.4, Milvus Lite) has no
groups to back up: the backup records none and says so in its log.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from .. import model
from ..errors import RequestError
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


def list_privilege_groups_request() -> milvus_pb2.ListPrivilegeGroupsRequest:
    """The request that lists a server's privilege groups."""
    return milvus_pb2.ListPrivilegeGroupsRequest()


def create_privilege_group_request(name: str) -> milvus_pb2.CreatePrivilegeGroupRequest:
    """The request that creates an empty privilege group."""
    return milvus_pb2.CreatePrivilegeGroupRequest(group_name=name)


def add_to_privilege_group_request(
    name: str, privileges: list[str]
) -> milvus_pb2.OperatePrivilegeGroupRequest:
    """The request that adds privileges to a privilege group."""
    return milvus_pb2.OperatePrivilegeGroupRequest(
        group_name=name,
        privileges=[milvus_pb2.PrivilegeEntity(name=p) for p in privileges],
        type=milvus_pb2.OperatePrivilegeGroupType.AddPrivilegesToGroup,
    )


def read_privilege_groups(milvus: MilvusGateway) -> list[pb.PrivilegeGroupInfo] | None:
    """The server's privilege groups; None when it has none to offer (no ListPrivilegeGroups)."""
    response = milvus.call_if_implemented("ListPrivilegeGroups", list_privilege_groups_request())
    if response is None:
        return None
    return [
        pb.PrivilegeGroupInfo(
            group_name=g.group_name,
            privileges=[pb.PrivilegeEntity(name=p.name) for p in g.privileges],
        )
        for g in response.privilege_groups
    ]


def check_privilege_groups_target(
    milvus: MilvusGateway, backup: model.RBACMeta, version: str
) -> None:
    """Refuse an RBAC restore of privilege groups into a Milvus that has none.

    Raises:
        RequestError: the backup holds groups and the target lacks ListPrivilegeGroups.
    """
    if not backup.privilege_groups:
        return
    if read_privilege_groups(milvus) is not None:
        return
    names = sorted(g.group_name for g in backup.privilege_groups)
    raise RequestError(
        f"the backup's RBAC holds privilege groups {names}, and Milvus {version} has no "
        "privilege groups (ListPrivilegeGroups is not implemented; Milvus has them since "
        "2.5); nothing was restored. Restore without rbac, or into Milvus 2.5 or newer"
    )


def read_rbac(milvus: MilvusGateway, note_missing_groups: bool = True) -> model.RBACMeta:
    """Every user (with its roles), role, grant and privilege group of the Milvus.

    Args:
        note_missing_groups: log that a server without privilege groups recorded none.
    """
    meta = model.RBACMeta()
    groups = read_privilege_groups(milvus)
    if groups is None and note_missing_groups:
        log.info(
            "RBAC: Milvus at %s has no privilege groups (ListPrivilegeGroups is not "
            "implemented before Milvus 2.5): none recorded",
            milvus.config.target,
        )
    elif groups is not None:
        meta.privilege_groups.extend(groups)
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
    groups_created: list[str] = field(default_factory=list)
    group_privileges_added: int = 0
    bindings_added: list[tuple[str, str]] = field(default_factory=list)
    grants_added: int = 0
    users_missing: list[str] = field(default_factory=list)


def restore_rbac(milvus: MilvusGateway, backup: model.RBACMeta) -> RBACRestoreReport:
    """Add the backup's roles, user-role bindings and grants that the target lacks."""
    report = RBACRestoreReport()
    current = read_rbac(milvus, note_missing_groups=False)
    _restore_privilege_groups(milvus, backup, current, report)
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


def _restore_privilege_groups(
    milvus: MilvusGateway,
    backup: model.RBACMeta,
    current: model.RBACMeta,
    report: RBACRestoreReport,
) -> None:
    """Create the backup's groups the target lacks and add the privileges they miss.

    Groups the target already has (its built-in ones among them) keep what they hold; only
    privileges the backup's group had and the target's lacks are added.
    """
    existing = {g.group_name: {p.name for p in g.privileges} for g in current.privilege_groups}
    for group in backup.privilege_groups:
        wanted = [p.name for p in group.privileges]
        held = existing.get(group.group_name)
        if held is None:
            milvus.call("CreatePrivilegeGroup", create_privilege_group_request(group.group_name))
            report.groups_created.append(group.group_name)
            held = set()
        missing = [p for p in dict.fromkeys(wanted) if p not in held]
        if missing:
            milvus.call(
                "OperatePrivilegeGroup", add_to_privilege_group_request(group.group_name, missing)
            )
            report.group_privileges_added += len(missing)
