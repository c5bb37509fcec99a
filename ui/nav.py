"""The lab's pages, in menu order: navigation and the home page's cards."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PageInfo:
    key: str  # text keys nav.<key>, home.card.<key>; also the URL path
    path: str
    icon: str


PAGES = [
    PageInfo("vanishing", "pages/vanishing.py", ":material/trending_down:"),
    PageInfo("exploding", "pages/exploding.py", ":material/trending_up:"),
    PageInfo("rnn", "pages/rnn.py", ":material/replay:"),
    PageInfo("residual", "pages/residual.py", ":material/alt_route:"),
    PageInfo("remedies", "pages/remedies.py", ":material/healing:"),
]
