"""Every state change of a piece happens here, and only here.

Each action runs in one ``transaction.atomic()``: check the permission and the
separation of duties (nobody approves a piece they created; no one person signs
two review stages of the same piece; superusers included), change the state,
store a revision and an audit entry, then notify by e-mail once the transaction
has committed (a failing mail server never blocks editors).

    transition(piece, action, user, opinion="")   # the editors' actions
    admit(piece, status, actor=None, note="")     # import/demo: straight into a status
    available_actions(piece, user)                # what the buttons show
    can_edit(piece, user)                         # who may change the content in this state
    save_piece(piece, user, expected_version=...) # every editorial save (optimistic locking)
    restore_revision(piece, revision, user)
    delete_piece(piece, user)                     # audited deletion (admin delete and bulk delete)

One module per concept; callers import from ``editorial.workflow``:

    rules.py      the actions, their labels, permissions and the signing rule
    checks.py     content checks (placeholders, empty body, repost source, short title)
    revisions.py  snapshots, their display, restore
    audit.py      audit entries and refusals
    locking.py    row locks and the optimistic version check
    actions.py    transition, admit, save_piece, delete_piece, scheduled publication
    errors.py     WorkflowError and its kinds

A refused action, save or restore leaves an audit entry (``gongjiang.<model>.refused`` /
``save_refused``: who, what, why), written after the refused work has rolled back.
"""

from editorial.models import STAGE_STATUSES
from editorial.workflow.actions import (
    admit,
    delete_piece,
    record_scheduled_publication,
    save_piece,
    transition,
)
from editorial.workflow.audit import (
    AUDIT_CODES,
    actor_name,
    audit_code,
    audit_deletion,
    content_type_of,
    record_audit,
    record_refusal,
)
from editorial.workflow.checks import (
    Problem,
    content_problems,
    piece_placeholders,
    placeholder_problem,
    require_clean,
    require_clean_while_visible,
    section_problems,
)
from editorial.workflow.errors import ConflictError, ExplainedRefusal, WorkflowError
from editorial.workflow.locking import bump, check_version, lock
from editorial.workflow.revisions import (
    NOT_TEXT_FIELDS,
    SNAPSHOT_EXCLUDE,
    field_labels,
    latest_revision,
    piece_from_snapshot,
    readable_snapshot,
    record_revision,
    restore_revision,
    snapshot,
    text_version,
)
from editorial.workflow.rules import (
    ACTION_LABELS,
    ACTIONS,
    action_label,
    approval_label,
    available_actions,
    awaiting_review,
    can_edit,
    check_action,
    is_reviewer,
    perm,
    possible_signers,
    review_stages,
    stage_of,
)

__all__ = [
    "ACTIONS",
    "ACTION_LABELS",
    "AUDIT_CODES",
    "NOT_TEXT_FIELDS",
    "SNAPSHOT_EXCLUDE",
    "STAGE_STATUSES",
    "ConflictError",
    "ExplainedRefusal",
    "Problem",
    "WorkflowError",
    "action_label",
    "actor_name",
    "admit",
    "approval_label",
    "record_audit",
    "audit_code",
    "audit_deletion",
    "available_actions",
    "awaiting_review",
    "bump",
    "can_edit",
    "check_action",
    "check_version",
    "content_problems",
    "content_type_of",
    "delete_piece",
    "field_labels",
    "is_reviewer",
    "latest_revision",
    "lock",
    "perm",
    "piece_from_snapshot",
    "piece_placeholders",
    "placeholder_problem",
    "possible_signers",
    "readable_snapshot",
    "record_refusal",
    "record_revision",
    "record_scheduled_publication",
    "require_clean",
    "require_clean_while_visible",
    "restore_revision",
    "review_stages",
    "save_piece",
    "section_problems",
    "snapshot",
    "stage_of",
    "text_version",
    "transition",
]
