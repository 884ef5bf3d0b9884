import pytest
from django.test import override_settings

from editorial import workflow
from editorial.models import AuditEntry, ReviewSignoff, Revision, Status
from editorial.workflow import WorkflowError, transition
from tests.editorial.roles import draft_article, draft_speech, users  # noqa: F401
from tests.factories import make_article, make_source, make_speech

pytestmark = pytest.mark.django_db

ROLES = ["zuozhe", "zebian", "zhuren", "zongbian", "inactive", "superuser"]

# (from status, action, opinion, roles allowed). The piece is written by "author"
# (nobody in ROLES), so this table is about permissions alone.
TABLE = [
    # 作者 submit only their own drafts (see the test below); editors anyone's.
    (Status.DRAFT, "submit", "", {"zebian", "superuser"}),
    (Status.REVIEW_1, "approve", "", {"zebian", "superuser"}),
    (Status.REVIEW_1, "send_back", "请补充数据", {"zebian", "superuser"}),
    (Status.REVIEW_1, "reject", "不宜刊发", set()),
    (Status.REVIEW_2, "approve", "", {"zhuren", "superuser"}),
    (Status.REVIEW_2, "send_back", "请补充数据", {"zhuren", "superuser"}),
    (Status.REVIEW_2, "reject", "不宜刊发", {"zhuren", "superuser"}),
    (Status.REVIEW_3, "approve", "", {"zongbian", "superuser"}),
    (Status.REVIEW_3, "send_back", "请补充数据", {"zongbian", "superuser"}),
    (Status.REVIEW_3, "reject", "不宜刊发", {"zongbian", "superuser"}),
    (Status.APPROVED, "publish", "", {"zongbian", "superuser"}),
    (Status.PUBLISHED, "unpublish", "", {"zongbian", "superuser"}),
    (Status.UNPUBLISHED, "republish", "", {"zongbian", "superuser"}),
    (Status.PUBLISHED, "archive", "", {"zongbian", "superuser"}),
    # Invalid from these states for everyone.
    (Status.DRAFT, "approve", "", set()),
    (Status.DRAFT, "publish", "", set()),
    (Status.REVIEW_1, "submit", "", set()),
    (Status.PUBLISHED, "publish", "", set()),
    (Status.ARCHIVED, "republish", "", set()),
    (Status.CLOSED, "submit", "", set()),
]

EXPECTED = {
    "submit": Status.REVIEW_1,
    ("approve", Status.REVIEW_1): Status.REVIEW_2,
    ("approve", Status.REVIEW_2): Status.REVIEW_3,
    ("approve", Status.REVIEW_3): Status.APPROVED,
    "send_back": Status.DRAFT,
    "reject": Status.CLOSED,
    "publish": Status.PUBLISHED,
    "unpublish": Status.UNPUBLISHED,
    "republish": Status.PUBLISHED,
    "archive": Status.ARCHIVED,
}


@pytest.fixture
def writer(django_user_model):
    from tests.editorial.roles import make_user

    return make_user(django_user_model, "author", "作者")


# Permissions are per content type (the roles migration grants each one), so the whole
# table runs for articles and for speeches.
KINDS = {"article": make_article, "speech": make_speech}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("status", "action", "opinion", "allowed"), TABLE)
def test_every_transition_for_every_role(users, writer, kind, role, status, action, opinion, allowed):  # noqa: F811
    make = KINDS[kind]
    piece = make(created_by=writer, status=status)
    user = users[role]
    before = (piece.status, piece.version, AuditEntry.objects.count())
    if role in allowed:
        transition(piece, action, user, opinion)
        piece.refresh_from_db()
        assert piece.status == EXPECTED.get((action, status), EXPECTED.get(action))
        entry = AuditEntry.objects.first()
        assert entry.code == f"gongjiang.{kind}.{workflow.AUDIT_CODES[action]}"
        assert (entry.actor, entry.from_status, entry.to_status) == (user, status, piece.status)
        assert piece.version == before[1] + 1
        assert action in workflow.available_actions(make(created_by=writer, status=status), user)
    else:
        with pytest.raises(WorkflowError) as error:
            transition(piece, action, user, opinion)
        assert str(error.value)  # a message for the editor
        piece.refresh_from_db()
        assert (piece.status, piece.version) == before[:2]
        # Nothing changed but one entry saying what was refused, to whom and why.
        assert AuditEntry.objects.count() == before[2] + 1
        refusal = AuditEntry.objects.first()
        assert (refusal.code, refusal.actor) == (f"gongjiang.{kind}.refused", user)
        assert str(error.value) in refusal.opinion
        assert action not in workflow.available_actions(piece, user)


def _through(piece, *steps):
    for action, user in steps:
        transition(piece, action, user, "意见" if action == "send_back" else "")
    return piece


def test_full_path_to_the_public_with_three_reviewers(users, client):  # noqa: F811
    piece = draft_article(users["zuozhe"])
    _through(
        piece,
        ("submit", users["zuozhe"]),
        ("approve", users["zebian"]),
        ("approve", users["zhuren"]),
        ("approve", users["zongbian"]),
    )
    assert piece.status == Status.APPROVED
    assert not piece.is_live()
    transition(piece, "publish", users["zongbian"])
    piece.refresh_from_db()
    assert piece.status == Status.PUBLISHED and piece.is_live()
    assert piece.publish_at is not None and piece.first_published_at == piece.publish_at
    stages = list(ReviewSignoff.for_piece(piece).values_list("stage", "reviewer__username", "decision"))
    assert stages == [(1, "zebian", "approved"), (2, "zhuren", "approved"), (3, "zongbian", "approved")]


def test_speeches_follow_the_same_workflow(users):  # noqa: F811
    piece = draft_speech(users["zuozhe"])
    _through(piece, ("submit", users["zuozhe"]), ("approve", users["zebian"]))
    assert piece.status == Status.REVIEW_2
    assert AuditEntry.objects.first().code == "gongjiang.speech.approved"


@pytest.mark.parametrize("approver", ["zebian", "superuser"])
def test_nobody_approves_their_own_piece_not_even_a_superuser(users, approver):  # noqa: F811
    piece = draft_article(users[approver])
    transition(piece, "submit", users[approver])
    with pytest.raises(WorkflowError, match="自己"):
        transition(piece, "approve", users[approver])
    piece.refresh_from_db()
    assert piece.status == Status.REVIEW_1
    assert not ReviewSignoff.for_piece(piece).exists()
    assert "approve" not in workflow.available_actions(piece, users[approver])


def test_one_person_never_signs_two_stages(users):  # noqa: F811
    piece = draft_article(users["zuozhe"])
    _through(piece, ("submit", users["zuozhe"]), ("approve", users["superuser"]))
    assert piece.status == Status.REVIEW_2
    with pytest.raises(WorkflowError, match="两个审次"):
        transition(piece, "approve", users["superuser"])
    assert "approve" not in workflow.available_actions(piece, users["superuser"])
    transition(piece, "approve", users["zhuren"])
    with pytest.raises(WorkflowError, match="两个审次"):
        transition(piece, "approve", users["superuser"])
    piece.refresh_from_db()
    assert piece.status == Status.REVIEW_3


@pytest.mark.parametrize("opinion", ["", "   ", "\n\t"])
def test_send_back_needs_an_opinion(users, opinion):  # noqa: F811
    piece = draft_article(users["zuozhe"])
    transition(piece, "submit", users["zuozhe"])
    with pytest.raises(WorkflowError, match="意见"):
        transition(piece, "send_back", users["zebian"], opinion)
    piece.refresh_from_db()
    assert piece.status == Status.REVIEW_1


def test_resubmitted_piece_resumes_at_the_stage_that_sent_it_back(users):  # noqa: F811
    piece = draft_article(users["zuozhe"])
    _through(piece, ("submit", users["zuozhe"]), ("approve", users["zebian"]), ("approve", users["zhuren"]))
    transition(piece, "send_back", users["zongbian"], "第三段数据需核实")
    assert piece.status == Status.DRAFT
    transition(piece, "submit", users["zuozhe"])
    assert piece.status == Status.REVIEW_3
    signoff = ReviewSignoff.for_piece(piece).filter(decision="sent_back").get()
    assert (signoff.stage, signoff.opinion) == (3, "第三段数据需核实")


def test_reject_at_second_review_closes_without_final_review(users):  # noqa: F811
    piece = draft_article(users["zuozhe"])
    _through(piece, ("submit", users["zuozhe"]), ("approve", users["zebian"]))
    transition(piece, "reject", users["zhuren"], "选题重复")
    assert piece.status == Status.CLOSED
    with pytest.raises(WorkflowError):
        transition(piece, "approve", users["zongbian"])


def test_a_stale_instance_cannot_move_a_piece_twice(users):  # noqa: F811
    piece = draft_article(users["zuozhe"])
    transition(piece, "submit", users["zuozhe"])
    stale = type(piece).objects.get(pk=piece.pk)
    transition(piece, "approve", users["zebian"])
    with pytest.raises(WorkflowError):
        transition(stale, "approve", users["zebian2"])  # stored state is 复审: no 初审 right
    stale.refresh_from_db()
    assert stale.status == Status.REVIEW_2


@override_settings(GONGJIANG_REVIEW_STAGES=1)
def test_one_review_stage(users):  # noqa: F811
    piece = draft_article(users["zuozhe"])
    _through(piece, ("submit", users["zuozhe"]), ("approve", users["zebian"]))
    assert piece.status == Status.APPROVED


@override_settings(GONGJIANG_REVIEW_STAGES=2)
def test_two_review_stages(users):  # noqa: F811
    piece = draft_article(users["zuozhe"])
    _through(piece, ("submit", users["zuozhe"]), ("approve", users["zebian"]))
    assert piece.status == Status.REVIEW_2
    transition(piece, "approve", users["zhuren"])
    assert piece.status == Status.APPROVED


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"body": ""}, "正文为空"),
        ({"body": "<p>今年X月底完成</p>"}, "占位符"),
        ({"title": "X位劳模在全国总工会座谈会上交流经验"}, "占位符"),
        ({"is_repost": True}, "来源"),
        ({"title": "关于深入学习贯彻劳模精神劳动精神工匠精神进一步加强产业工人队伍建设的通知"}, "短标题"),
    ],
)
def test_content_checks_block_final_approval_and_publication(users, fields, reason):  # noqa: F811
    piece = draft_article(users["zuozhe"], **fields)
    _through(piece, ("submit", users["zuozhe"]), ("approve", users["zebian"]), ("approve", users["zhuren"]))
    with pytest.raises(WorkflowError, match=reason):
        transition(piece, "approve", users["zongbian"])
    piece.refresh_from_db()
    assert piece.status == Status.REVIEW_3
    # The button stays, so the reviewer learns why when clicking it.
    assert "approve" in workflow.available_actions(piece, users["zongbian"])


@pytest.mark.parametrize("named", ["source", "via"])
def test_clean_repost_with_source_or_platform_passes(users, named):  # noqa: F811
    where = {"source": make_source(name="工人日报")} if named == "source" else {"via": "ZAKER"}
    piece = draft_article(users["zuozhe"], is_repost=True, **where)
    _through(
        piece,
        ("submit", users["zuozhe"]),
        ("approve", users["zebian"]),
        ("approve", users["zhuren"]),
        ("approve", users["zongbian"]),
    )
    assert piece.status == Status.APPROVED


def test_admit_puts_an_import_straight_into_published(users):  # noqa: F811
    piece = draft_article(None)
    workflow.admit(piece, Status.PUBLISHED, actor=users["superuser"], note="导入")
    piece.refresh_from_db()
    assert (
        piece.status == Status.PUBLISHED and piece.publish_at and piece.first_published_at == piece.publish_at
    )
    entry = AuditEntry.objects.first()
    assert (entry.code, entry.from_status, entry.to_status) == (
        "gongjiang.article.admitted",
        "draft",
        "published",
    )
    assert Revision.for_piece(piece).exists()


def test_admit_as_draft_stays_invisible(users):  # noqa: F811
    piece = draft_article(None)
    workflow.admit(piece, Status.DRAFT)
    piece.refresh_from_db()
    assert piece.status == Status.DRAFT and piece.first_published_at is None and not piece.is_live()


def test_inactive_user_can_do_nothing(users):  # noqa: F811
    piece = make_article(status=Status.APPROVED, publish_at=None)
    assert workflow.available_actions(piece, users["inactive"]) == []


def test_author_submits_own_draft_but_not_a_colleagues(users, writer):  # noqa: F811
    own = draft_article(users["zuozhe"])
    transition(own, "submit", users["zuozhe"])
    assert own.status == Status.REVIEW_1
    other = draft_article(writer)
    with pytest.raises(WorkflowError, match="自己"):
        transition(other, "submit", users["zuozhe"])


@pytest.mark.parametrize("stages", [0, 4, "3", None])
def test_a_wrong_stage_count_stops_the_site_at_start_up(stages):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    with override_settings(GONGJIANG_REVIEW_STAGES=stages):
        with pytest.raises(SystemCheckError, match="editorial.E001"):
            call_command("check")
