from civic.sdg.goals import (
    goal_short,
    goal_title,
    is_goal_number,
    sdg_goal,
    sdg_goals,
    sdg_target,
    sdg_targets,
)

# Targets per goal in the 2030 Agenda (A/RES/70/1).
OFFICIAL_COUNTS = {
    1: 7, 2: 8, 3: 13, 4: 10, 5: 9, 6: 8, 7: 5, 8: 12, 9: 8,
    10: 10, 11: 10, 12: 11, 13: 5, 14: 10, 15: 12, 16: 12, 17: 19,
}  # fmt: skip


def test_seventeen_goals_and_169_targets_with_both_languages() -> None:
    goals = sdg_goals()
    assert [goal.number for goal in goals] == list(range(1, 18))
    assert {goal.number: len(goal.targets) for goal in goals} == OFFICIAL_COUNTS
    assert sum(len(goal.targets) for goal in goals) == 169
    for goal in goals:
        assert goal.title_en and goal.title_zh_hans and goal.short_en and goal.short_zh_hans
        for target in goal.targets:
            assert target.goal == goal.number
            assert target.code.startswith(f"{goal.number}.")
            assert target.title_en and target.title_zh_hans


def test_official_texts() -> None:
    assert goal_title(11, "en") == (
        "Make cities and human settlements inclusive, safe, resilient and sustainable"
    )
    assert goal_title(11, "zh-hans") == "建设包容、安全、有抵御灾害能力和可持续的城市和人类住区"
    assert goal_short(17, "zh-hans") == "促进目标实现的伙伴关系"
    target = sdg_target("11.3")
    assert target is not None
    assert target.title("en").startswith("By 2030, enhance inclusive and sustainable urbanization")
    assert target.title("zh-hans").startswith("到2030年,在所有国家加强包容和可持续的城市建设")


def test_targets_in_official_order() -> None:
    assert [target.code for target in sdg_targets(16)] == [
        "16.1", "16.2", "16.3", "16.4", "16.5", "16.6", "16.7", "16.8", "16.9", "16.10",
        "16.a", "16.b",
    ]  # fmt: skip


def test_unknown_numbers_and_codes() -> None:
    assert sdg_goal(0) is None and sdg_goal(18) is None and sdg_goal("x") is None
    assert sdg_targets(99) == []
    assert goal_title(18, "en") == ""
    assert sdg_target("11.8") is None and sdg_target("11.z") is None
    assert sdg_target("11-a") == sdg_target("11.a")
    assert is_goal_number(17) and not is_goal_number(True) and not is_goal_number("11")


def test_other_languages_fall_back_to_english() -> None:
    goal = sdg_goal(6)
    assert goal is not None
    assert goal_title(6, "ar") == goal.title_en
    assert goal_title(6, "zh-Hans") == goal.title_zh_hans
    assert goal_title(6, None) == goal.title_en
