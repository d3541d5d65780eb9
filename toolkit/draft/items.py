"""Drafting policy: which proposals become document items, and what each item carries.

The register and the analysts' decisions go in; :class:`DraftItem` objects come out, in
register order, with merged proposals and undecided near-duplicates folded into the one
that stands for them, so each idea appears once with every session that raised it.
"""

from __future__ import annotations

from ..errors import ReviewError
from ..register import Decision, DraftItem, Proposal
from ..review.columns import PROCEDURAL
from ..review.decisions import merge_chain


def _cluster_representatives(
    proposals: list[Proposal], decisions: dict[str, Decision]
) -> dict[str, str]:
    """For undecided proposals: id → the cluster member that stands for them all.

    The rapporteur's marked item is preferred (it is usually the concise wording), then
    the highest-ranked. Decided proposals are the analysts' to fold, never folded here.
    """
    clusters: dict[str, list[Proposal]] = {}
    for proposal in proposals:
        if proposal.cluster and decisions.get(proposal.id, Decision()).decision == "pending":
            clusters.setdefault(proposal.cluster, []).append(proposal)
    chosen: dict[str, str] = {}
    for members in clusters.values():
        best = max(members, key=lambda p: (p.marked, p.rank))
        chosen.update((p.id, best.id) for p in members)
    return chosen


def _root(proposal_id: str, decisions: dict[str, Decision]) -> str:
    """The proposal that absorbs this one; a broken chain is an error drafting cannot pass."""
    chain = merge_chain(proposal_id, decisions)
    if chain.cycle:
        raise ReviewError(f"merge_into forms a cycle: {' → '.join([*chain.ids, chain.cycle[0]])}")
    if (last := decisions.get(chain.root)) and last.decision == "merged":
        raise ReviewError(f"{chain.root}: decision is 'merged' but merge_into is empty")
    return chain.root


def _fold(
    proposals: list[Proposal], decisions: dict[str, Decision], representative: dict[str, str]
) -> dict[str, list[Proposal]]:
    """Every proposal under the one that stands for it (itself, its merge root, its cluster's)."""
    by_id = {p.id for p in proposals}
    folded: dict[str, list[Proposal]] = {}
    for proposal in proposals:
        root = _root(proposal.id, decisions)
        if root != proposal.id and root not in by_id:
            raise ReviewError(f"{proposal.id}: merged into {root}, which is not in the register")
        root = representative.get(root, root)
        folded.setdefault(root, []).append(proposal)
    return folded


def draft_items(
    proposals: list[Proposal], decisions: dict[str, Decision], include_pending: bool = False
) -> list[DraftItem]:
    """The proposals the documents show, in register order, with merged ones folded in.

    Once any decision other than pending exists only accepted proposals appear; before
    that (or with ``include_pending``) everything not rejected or merged away appears, and
    undecided near-duplicates (one extraction cluster) fold into one item, so the draft
    shows each proposal once with every session that raised it.
    """
    reviewed = any(d.decision != "pending" for d in decisions.values())
    shown = {"accepted"} if reviewed and not include_pending else {"accepted", "pending"}
    representative = _cluster_representatives(proposals, decisions)
    folded = _fold(proposals, decisions, representative)
    items = []
    for proposal in proposals:
        decision = decisions.get(proposal.id, Decision())
        if (
            decision.decision not in shown
            or representative.get(proposal.id, proposal.id) != proposal.id
        ):
            continue
        sources = [proposal] + [p for p in folded.get(proposal.id, []) if p.id != proposal.id]
        items.append(_item(proposal, decision, sources))
    return items


def _item(proposal: Proposal, decision: Decision, sources: list[Proposal]) -> DraftItem:
    """One document item: the analysts' wording and overrides over the sources' own fields."""
    route, basis = getattr(proposal, "route", None), getattr(proposal, "route_basis", None)
    if decision.route is not None:
        route, basis = (None if decision.route == PROCEDURAL else decision.route), "analyst"
    return DraftItem(
        id=proposal.id,
        text=proposal.text,
        language=proposal.language,
        wording=decision.wordings(proposal),
        values=list(
            dict.fromkeys(v for p in sources for v in p.values)
            if decision.values_override is None
            else decision.values_override
        ),
        targets=list(
            dict.fromkeys(t for p in sources for t in p.targets)
            if decision.targets_override is None
            else decision.targets_override
        ),
        regions=list(dict.fromkeys(r for p in sources for r in p.regions)),
        sources=sources,
        status=decision.decision,
        rank=proposal.rank,
        route=route,
        route_basis=basis,
    )
