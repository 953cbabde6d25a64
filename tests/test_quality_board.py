"""The strategic management board's indicators the documents name without defining: each is quoted where the seeds
say it (file and line), says that no formula is given, and lists the board's tables and the live data-quality
measures that answer part of it."""
import pathlib
import re

import pytest
from django.urls import reverse

from mappa.quality import rules as quality
from mappa.reports import rules

SHARED = pathlib.Path("/work/shared")


def test_every_named_indicator_points_at_measures_and_tables_that_exist():
    board = {"board_levels", "board_level_recorded", "board_gender", "board_age", "board_ethnicity"}
    for named in rules.NAMED_INDICATORS:
        assert set(named.measures) <= set(quality.MEASURES), named.name
        assert set(named.tables) <= board, named.name
    undefined = [n.name for n in rules.NAMED_INDICATORS if n.formula == rules.NO_FORMULA]
    assert "Key Performance Indicators to monitor the performance of MAPPA (2008)" in undefined


@pytest.mark.skipif(not SHARED.exists(), reason="the project's shared documents are not on this machine")
def test_each_quote_stands_at_the_line_cited():
    for named in rules.NAMED_INDICATORS:
        path, line = re.search(r"((?:seeds|domain)/[\w.-]+) line (\d+)", named.where).groups()
        text = (SHARED / path).read_text().splitlines()[int(line) - 1]
        assert named.quote.split("] ")[-1] in text, named.name  # what is in brackets is ours, to give the context


def test_the_board_page_lists_the_named_indicators_with_links_to_the_measures(world, client):
    client.force_login(world.coordinator)
    page = client.get(reverse("reports:board", args=["north"])).content.decode()
    table = re.search(r'data-testid="named-indicators".*?</table>', page, re.S).group(0)
    assert "Key Performance Indicators to monitor the performance of MAPPA in 2008." in table
    assert "seeds/004_7b915c4657c0c680.txt line 306" in table and "seeds/002_2dd56474f4801779.txt line 58" in table
    assert table.count(rules.NO_FORMULA) == 2
    assert f'href="{reverse("quality:measure", args=["north", "police_visits"])}"' in table
    assert f'href="{reverse("quality:measure", args=["north", "level_recorded"])}"' in table
