"""Who may sign a stage, asked three ways, gets one answer.

The rule lives in editorial.workflow.rules.check_action (approve); the 待我审 list
(workflow.awaiting_review) and the mail to the next stage (workflow.possible_signers)
ask it as queries. Here every reviewer is asked about pieces at every stage, with
earlier stages signed by various people, under 1, 2 and 3 review stages.
"""

import itertools

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import Article
from editorial import workflow
from editorial.models import STAGE_STATUSES
from editorial.notifications import users_with_perm
from tests.editorial.roles import draft_article, make_user, users  # noqa: F401

pytestmark = pytest.mark.django_db

REVIEWERS = ["zebian", "zebian2", "zhuren", "zhuren2", "zongbian", "zongbian2", "both", "zuozhe"]


@pytest.fixture
def everyone(users, django_user_model):  # noqa: F811
    # One person holding two stages' rights: may sign either, never both.
    both = make_user(django_user_model, "both", "责任编辑")
    both.groups.add(Group.objects.get(name="编辑部主任"))
    return {**users, "both": both}


def _pieces(everyone, stages):
    """Pieces at each stage, by two authors, through different signers, with and without publish_at."""
    pieces = []
    cases = [
        ("zuozhe", ["zebian", "zhuren"]),
        ("zuozhe", ["both", "zhuren"]),
        ("zuozhe", ["zebian2", "both"]),
    ]
    cases.append(("both", ["zebian", "zhuren"]))  # a reviewer's own piece: theirs to write, not to sign
    for (author, path), publish_at in itertools.product(cases, [None, timezone.now()]):
        for stage in range(1, stages + 1):
            piece = draft_article(everyone[author], title=f"第{stage}审稿件", publish_at=publish_at)
            workflow.transition(piece, "submit", everyone[author])
            for signer in path[: stage - 1]:
                workflow.transition(piece, "approve", everyone[signer])
            pieces.append(piece)
    return pieces


@pytest.mark.parametrize("stages", [1, 2, 3])
def test_the_list_the_mail_and_the_buttons_agree(everyone, settings, stages):
    settings.GONGJIANG_REVIEW_STAGES = stages
    pieces = _pieces(everyone, stages)
    checked = 0
    for piece in pieces:
        piece.refresh_from_db()
        stage = workflow.stage_of(piece.status)
        assert piece.status == STAGE_STATUSES[stage - 1]
        mailed = set(
            workflow.possible_signers(
                piece, stage, users_with_perm(workflow.perm(piece, f"review{stage}"))
            ).values_list("username", flat=True)
        )
        for name in REVIEWERS:
            user = everyone[name]
            listed = workflow.awaiting_review(Article.objects.filter(pk=piece.pk), user).exists()
            may_sign = "approve" in workflow.available_actions(piece, user)
            assert listed == may_sign, (name, piece.title, piece.status)
            assert (name in mailed) == may_sign, (name, piece.title, piece.status)
            checked += may_sign
    assert checked > len(pieces)  # most pieces have more than one possible signer


def test_a_last_signer_without_publish_right_is_told_to_clear_the_publish_time(everyone, settings):
    settings.GONGJIANG_REVIEW_STAGES = 2
    piece = draft_article(everyone["zuozhe"], title="劳模风采", publish_at=timezone.now())
    workflow.transition(piece, "submit", everyone["zuozhe"])
    workflow.transition(piece, "approve", everyone["zebian"])
    zhuren = everyone["zhuren"]  # 编辑部主任: signs 复审, holds no publish right
    assert "approve" in workflow.available_actions(piece, zhuren)
    assert workflow.awaiting_review(Article.objects.all(), zhuren).filter(pk=piece.pk).exists()
    with pytest.raises(workflow.ExplainedRefusal, match="请清空发布时间后签发"):
        workflow.transition(piece, "approve", zhuren)
    piece.refresh_from_db()
    piece.publish_at = None
    workflow.save_piece(piece, zhuren)
    workflow.transition(piece, "approve", zhuren)
    piece.refresh_from_db()
    assert piece.status == "approved"
