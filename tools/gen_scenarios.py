#!/usr/bin/env python3
"""Generates the scenario files tests/scenarios/{vn,dalarna,region-only}-*.json (dev tool).

The scenarios walk every path of the shipped routines (see docs/process-map.md). The generated
JSON files are committed; the engine's scenario runner reads them, nothing here runs at test time.
Usage: python3 tools/gen_scenarios.py
"""

import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

REGION = "region-22"
LPO = "vn-lpo-psykisk-halsa"
MUNICIPALITIES = [
    ("municipality-2260", "Ånge"), ("municipality-2262", "Timrå"), ("municipality-2280", "Härnösand"),
    ("municipality-2281", "Sundsvall"), ("municipality-2282", "Kramfors"), ("municipality-2283", "Sollefteå"),
    ("municipality-2284", "Örnsköldsvik"),
]
ALL_M = [m for m, _ in MUNICIPALITIES]
STYRGRUPP = "vn-lansledningen-styrgrupp"
LAG = "vn-lag-depression-2026"


def vn_start(extra=None):
    v = {
        "region": REGION,
        "lpo": LPO,
        "kfvn": "vn-kfvn",
        "lansledning": "vn-lansledningen",
        "municipality_options": [{"label": n, "value": m} for m, n in MUNICIPALITIES],
        "principal_options": [{"label": "Region Västernorrland", "value": REGION}] +
                             [{"label": n, "value": m} for m, n in MUNICIPALITIES],
        "steering_group_options": [{"label": "Styrgrupp inom Länsledningen för HälSam", "value": STYRGRUPP}],
    }
    v.update(extra or {})
    return {"process": "vasternorrland", "variables": v}


def complete(step, values, scope=None):
    c = {"step": step, "values": values}
    if scope:
        c["scope"] = scope
    return {"complete": c}


def expect(open_steps, status="running", variables=None):
    e = {"status": status, "open_steps": sorted(open_steps, key=_key)}
    if variables:
        e["variables"] = variables
    return {"expect": e}


def _key(s):
    import re
    m = re.match(r"([A-Z]*)(\d+)([a-z]*)", s)
    return (m.group(1), int(m.group(2)), m.group(3))


def advance(d):
    return {"advance": d}


def message(name, payload):
    return {"message": {"name": name, "payload": payload}}


# -- Västernorrland step values ---------------------------------------------------------------------
V3 = {"answer_due": "2026-03-31", "forward_note": "Remiss från SKR: nationellt vårdförlopp depression."}


def v4(municipalities):
    if municipalities:
        return {"concerns": "municipalities", "concerned_municipalities": municipalities,
                "assessment_motivation": "Berör kommunal hälso- och sjukvård."}
    return {"concerns": "region_only", "concerned_municipalities": [],
            "assessment_motivation": "Berör endast specialistpsykiatrin."}


V5_LPO = {"lpo_experts_consulted": "Överläkare psykiatri, psykolog, sjuksköterska",
          "lpo_answer": "LPO tillstyrker med synpunkter på uppföljningen."}
V5_M = {"views": "Inga invändningar; önskar stöd i implementeringen.", "prepared_in": "network_with_vc",
        "answered_by": "MAS"}
V5_KFVN = {"municipal_answer": "Kommunerna tillstyrker.", "shared_with_municipal_vc": True}
V7 = {"consultation_answer": "Region Västernorrland och kommunerna tillstyrker remissen.",
      "answer_shared_with": ["lpo", "verksamhetschefer"], "answer_sent": "2026-03-30"}
DECISION = {"national_decision_date": "2026-06-15", "national_decision": "adopted"}
V11_NOW = {"priority": "high", "affected": "Vuxna med depression", "proceed": "now",
           "priority_motivation": "Stora gap mot nationellt vårdförlopp."}
V11_NOT_NOW = {"priority": "low", "affected": "Vuxna med depression", "proceed": "not_now",
               "recheck_date": "2026-10-01", "priority_motivation": "Resurser saknas just nu."}
V12 = {"decision_basis": "Förslag att analysera gap mot vårdförloppet i samverkan.", "lag_choice": "new",
       "lag_functions": [
           {"function": "Specialistläkare psykiatri", "profession": "Läkare", "principal_type": "region", "count": 1},
           {"function": "Distriktssköterska", "profession": "Sjuksköterska", "principal_type": "region", "count": 1},
           {"function": "MAS", "profession": "Sjuksköterska", "principal_type": "municipality", "count": 2},
           {"function": "Enhetschef hemsjukvård", "profession": "Chef", "principal_type": "municipality", "count": 1}]}


def v13_route(styrgrupp):
    if styrgrupp:
        return {"forum_type": "styrgrupp", "steering_group": STYRGRUPP, "registered": "2026-08-20"}
    return {"forum_type": "lansledningen", "registered": "2026-08-20"}


def v13_decide(yes):
    return {"collaborate": "yes" if yes else "no", "collaboration_decision_date": "2026-09-10",
            "collaboration_motivation": "Berör samtliga huvudmän." if yes else "Berör främst regionen."}


def v14(principals):
    return {"resourcing_decision": "approved", "principals": principals, "appoint_by": "2026-10-15"}


def v15(principal):
    return {"appointed": [{"name": "Anna Andersson", "function": "MAS", "profession": "Sjuksköterska",
                           "unit": principal}], "appointed_by": "Verksamhetschef " + principal}


V16 = {"lag": LAG, "lag_assignment": "Gap- och konsekvensanalys av vårdförlopp depression.",
       "lag_start": "2026-11-01", "lag_end": "2027-06-30", "activated_lsg": ["uppfoljning"]}
V17 = {"current_state": "Varierande arbetssätt.", "gaps": "Strukturerad uppföljning saknas.",
       "consequences": "Utbildningsinsatser behövs.", "responsibility": "Varje huvudman för sin del.",
       "resources": "0,5 tjänst under ett år.", "phase_out": "Egen lokal rutin fasas ut.",
       "analysis_recommendation": "fully"}


def v17_review(ok):
    return {"lpo_satisfied": "yes" if ok else "no",
            "lpo_comments": "Bra." if ok else "Komplettera konsekvenserna för kommunerna."}


V18 = {"networks_informed": True, "consulted_groups": "LSG vuxna, LSG äldre", "consultation_due": "2027-02-01"}
V19 = {"lsg_views": "LSG HälSam tillstyrker."}
V20 = {"adjustments": "Förtydligat ansvar och resurser."}
V21 = {"presenter": "Ordförande LPO psykisk hälsa",
       "basis_clear_on": ["consequences", "responsibility", "resources", "recommendation"],
       "proposed_recommendation": "fully", "meeting_date": "2027-03-10"}


def v22(complete_needed):
    return {"presentation_comments": "Komplettera resursberäkningen." if complete_needed else "Tydligt underlag.",
            "needs_completion": "yes" if complete_needed else "no",
            "statement": "" if complete_needed else "Styrgruppen tillstyrker."}


def v23(rec):
    v = {"recommendation": rec, "recommendation_date": "2027-04-05"}
    if rec == "partly":
        v["recommendation_scope"] = "Strukturerad uppföljning och utbildning."
    return v


def v24(decision, principal):
    return {"decision": decision, "decided_by": "Nämnd " + principal, "decision_date": "2027-05-20",
            "decision_level": "political", "decision_comment": ""}


V25 = {"implementation_plan": "Länsgemensam utbildning; internt införande hos varje huvudman.",
       "joint_parts": "Utbildning", "phase_out_decision": "Tidigare lokal rutin."}


def v26(complete_):
    if complete_:
        return {"lag_complete": "yes", "missing_competence": []}
    return {"lag_complete": "no", "missing_competence": [
        {"function": "Arbetsterapeut", "profession": "Arbetsterapeut", "principal_type": "municipality"}]}


V26_REQ = {"resources_provided": "Arbetsterapeut från Sundsvalls kommun."}
V27 = {"implementation_assignment": "Ta fram och genomför aktivitetsplan.", "implementation_start": "2027-06-01",
       "implementation_end": "2027-12-31"}
V28 = {"activities": [
    {"activity": "Länsgemensam utbildningsdag", "scope": "joint", "principal": "", "responsible": "LAG",
     "start": "2027-09-01", "end": "2027-09-30"},
    {"activity": "Ny rutin i hemsjukvården", "scope": "internal", "principal": "municipality-2281",
     "responsible": "MAS", "start": "2027-08-01", "end": "2027-12-31"}],
    "phase_out_plan": [{"practice": "Lokal depressionsrutin 2019", "replaced_by": "Vårdförloppet",
                        "by": "2027-12-31"}],
    "communication_plan": "Nyhetsbrev, nätverksträffar, intranät.", "anchored_with_vc": True}


def v29(ok):
    return {"plan_approved": "yes" if ok else "no",
            "plan_comments": "Förankrad." if ok else "Lägg till kommunikation till privata utförare."}


V30 = {"internal_status": "done", "internal_report": "Rutinen införd och förankrad."}
V31 = {"joint_group_type": "lsg", "joint_group": "vn-lsg-halsam-vuxna", "joint_assignments": "Utbildningsdag."}
V32 = {"joint_report": "Utbildningsdagen genomförd.", "joint_done": True}


def v33(again):
    return {"indicators": [{"indicator": "Andel med strukturerad uppföljning", "source": "quality_register",
                            "value": 62, "target": 80, "comment": ""}],
            "followed_up": ["own", "joint"], "followup_adjustments": "",
            "continue_followup": "yes" if again else "no"}


def consultation(municipalities):
    """Steps 2-10: from the start to the open prioritisation (11)."""
    s = [expect(["3"]), complete("3", V3), expect(["4"]), complete("4", v4(municipalities)),
         expect(["5"] * (len(municipalities) + 1))]
    return s


def answers(municipalities):
    s = [complete("5", V5_LPO, scope=LPO)]
    for m in municipalities:
        s.append(complete("5", dict(V5_M), scope=m))
    s += [expect(["5"]), complete("5", V5_KFVN, scope="vn-kfvn"), expect(["7"]), complete("7", V7),
          expect([]), message("national_decision", DECISION), expect(["11"], variables={"national_decision": "adopted"})]
    return s


def until_analysis(principals, styrgrupp):
    s = [complete("11", V11_NOW), expect(["12"]), complete("12", V12), expect(["13"]),
         complete("13", v13_route(styrgrupp)), expect(["13"],
                                                      variables={"forum": STYRGRUPP if styrgrupp else "vn-lansledningen"}),
         {"expect": {"open_tasks": [{"step": "13", "element": "collab_decision", "function": "chair",
                                     "scope": STYRGRUPP if styrgrupp else "vn-lansledningen"}], "only": True}},
         complete("13", v13_decide(True)), expect(["14"]), complete("14", v14(principals)),
         expect(["15"] * len(principals))]
    for p in principals:
        s.append(complete("15", v15(p), scope=p))
    s += [expect(["16"]), complete("16", V16), expect(["17"], variables={"lag": LAG})]
    return s


def analysis(loop17, loop22):
    s = [complete("17", V17), expect(["17"])]
    if loop17:
        s += [complete("17", v17_review(False)), expect(["17"]), complete("17", V17), expect(["17"])]
    s += [complete("17", v17_review(True)), expect(["18"]), complete("18", V18), expect(["19"]),
          complete("19", V19), expect(["20"]), complete("20", V20), expect(["21"]), complete("21", V21),
          expect(["22"])]
    if loop22:
        s += [complete("22", v22(True)), expect(["20"]), complete("20", V20), expect(["21"]),
              complete("21", V21), expect(["22"])]
    s += [complete("22", v22(False)), expect(["23"])]
    return s


def implementation(principals, decisions, loop26, loop29):
    s = []
    for p, d in zip(principals, decisions):
        s.append(complete("24", v24(d, p), scope=p))
    s += [expect(["25"]), complete("25", V25), expect(["26"])]
    if loop26:
        s += [complete("26", v26(False)), expect(["26"]), complete("26", V26_REQ), expect(["26"])]
    s += [complete("26", v26(True)), expect(["27"]), complete("27", V27), expect(["28"]), complete("28", V28),
          expect(["29"])]
    if loop29:
        s += [complete("29", v29(False)), expect(["28"]), complete("28", V28), expect(["29"])]
    s += [complete("29", v29(True)), expect(["30"] * len(principals) + ["31"]), complete("31", V31),
          expect(["30"] * len(principals) + ["32"]), complete("32", V32), expect(["30"] * len(principals))]
    for p in principals:
        s.append(complete("30", V30, scope=p))
    s.append(expect([]))
    return s


def followup(years):
    s = []
    for y in range(years):
        last = y == years - 1
        s += [advance("P1Y"), expect(["33"]), complete("33", v33(not last))]
        s.append(expect([], status="completed") if last else expect([]))
    return s


# -- region-only values -------------------------------------------------------------------------
def ro_walk(assessment="proceed", decision="fully", years=1):
    s = [expect(["R1"]), complete("R1", {"ro_assessment": assessment, "ro_priority": "medium",
                                         "ro_proposal": "Införs i specialistpsykiatrin."})]
    if assessment != "proceed":
        return s, True
    s += [expect(["R2"]), complete("R2", {"ro_decision": decision, "ro_decided_by": "Hälso- och sjukvårdsdirektör",
                                         "ro_decision_date": "2026-05-01", "ro_decision_comment": ""})]
    if decision == "none":
        return s, True
    s += [expect(["R3"]), complete("R3", {"ro_activities": [{"activity": "Utbildning", "responsible": "VC psykiatri",
                                                              "start": "2026-06-01", "end": "2026-09-30"}],
                                          "ro_phase_out": "", "ro_communication": "Intranät och APT."}),
          expect(["R4"]), complete("R4", {"ro_implementation_report": "Infört.", "ro_implemented": True}), expect([])]
    for y in range(years):
        last = y == years - 1
        s += [advance("P1Y"), expect(["R5"]),
              complete("R5", {"ro_indicators": [{"indicator": "Väntetid", "value": 30, "target": 30}],
                              "ro_followup_adjustments": "", "ro_continue_followup": "no" if last else "yes"})]
        if not last:
            s.append(expect([]))
    return s, True


# -- Dalarna values -------------------------------------------------------------------------------
# As derived from the demo structure (data/demo/people.csv).
DA_DIVISIONS = [("da-division-medicin", "Division medicin (demo)"), ("da-division-primarvard", "Division primärvård (demo)"),
                ("da-division-psykiatri", "Division psykiatri (demo)")]


def da_start():
    return {"process": "dalarna", "variables": {
        "region": "region-20", "ksgb": "da-ksgb", "lghs": "da-lghs",
        "division_options": [{"label": n, "value": d} for d, n in DA_DIVISIONS]}}


def da_walk(divisions, proposal="propose", decision="approve", reminder=False, years=1):
    s = [expect(["D2"]), complete("D2", {"ksgb_summary": "Nationellt vårdprogram hjärtsvikt.", "ksgb_proposal": proposal,
                                         "lpo_choice": "existing", "proposed_lpo": "da-lpo-hjarta-karl",
                                         "proposed_chair": "Verksamhetschef kardiologi", "divisions": divisions})]
    if proposal != "propose":
        return s + [expect([], status="completed")]
    s += [expect(["D3"]), complete("D3", {"lghs_decision": decision, "lpo": "da-lpo-hjarta-karl",
                                          "lghs_goals": "Följsamhet till vårdprogrammet.",
                                          "lghs_decision_date": "2026-09-01"})]
    if decision != "approve":
        return s + [expect([], status="completed")]
    s += [expect(["D4"]), complete("D4", {"lag": "da-lag-hjartsvikt", "lag_assignment": "Implementera vårdprogrammet.",
                                          "lag_start": "2026-10-01", "lag_end": "2027-09-30",
                                          "lag_members": [{"function": "Specialistläkare", "profession": "Läkare",
                                                           "unit": "Kardiologen"}],
                                          "patient_representative": True}), expect(["D5"])]
    if reminder:
        s += [advance("P61D"), expect(["D5"])]
    s += [complete("D5", {"da_gaps": "Låg andel på målnivå.", "proposed_activities": [
        {"activity": "Sjuksköterskeledd mottagning", "division": divisions[0], "start": "2026-11-01",
         "end": "2027-03-31"}], "da_phase_out": "", "da_indicators": "Andel på målnivå (SwedeHF)"})]
    if len(divisions) > 1:
        s += [expect(["D6"]), complete("D6", {"coordination": "KSG-B samordnar mottagningarna."})]
    s.append(expect(["D7"] * len(divisions)))
    for d in divisions:
        s.append(complete("D7", {"division_decision": "fully", "division_activities": "Mottagning startas.",
                                 "division_decision_date": "2026-11-15"}, scope=d))
    s.append(expect(["D8"] * len(divisions)))
    for d in divisions:
        s.append(complete("D8", {"changes": "Mottagningen är i gång.", "absence_resourced": True,
                                 "implementation_status": "done"}, scope=d))
    s += [expect(["D9"]), complete("D9", {"lag_result": "Uppdraget genomfört.", "lag_closed": "2027-09-30"}), expect([])]
    for y in range(years):
        last = y == years - 1
        s += [advance("P1Y"), expect(["D10"]),
              complete("D10", {"indicators": [{"indicator": "Andel på målnivå", "source": "quality_register",
                                               "value": 71, "target": 80}], "analysis_unit_consulted": True,
                               "followup_conclusion": "Förbättring.", "continue_followup": "no" if last else "yes"}),
              expect([], status="completed") if last else expect([])]
    return s


def scenarios():
    out = {}
    principals = [REGION] + ALL_M

    s = consultation(ALL_M)
    s += [advance("P15D"), expect(["5"] * 8)]  # the non-interrupting reminder at 14 days keeps the tasks
    s += answers(ALL_M) + until_analysis(principals, styrgrupp=True) + analysis(loop17=True, loop22=True)
    s += [complete("23", v23("fully")), expect(["24"] * 8),
          {"expect": {"open_tasks": [{"step": "24", "function": "representative", "scope": p,
                                      "form": "vn-24-huvudmannens-beslut"} for p in principals], "only": True}}]
    s += implementation(principals, ["fully"] * 8, loop26=True, loop29=True) + followup(2)
    s.append({"expect": {"history_contains": [str(i) for i in range(1, 34)]}})
    out["vn-full-municipal-path"] = {
        "description": "Västernorrland, full municipal path: 7 municipalities answer (reminder after 14 days), "
                       "steering group, LAG analysis sent back once (17) and completed once (22), 8 principals "
                       "decide, LAG completed (26), plan reworked once (29), yearly follow-up twice.",
        "processes": ["vasternorrland.bpmn", "region-only.bpmn"], "start": vn_start(), "steps": s}

    s, _ = ro_walk("proceed", "fully", years=1)
    s = [expect(["3"]), complete("3", V3), expect(["4"]), complete("4", v4([]))] + s[0:]
    s.append(expect([], status="completed"))
    out["vn-region-only-at-4"] = {
        "description": "Västernorrland step 4: the knowledge support concerns the region only; the region-internal "
                       "routine (call activity) runs to its yearly follow-up and the case completes.",
        "processes": ["vasternorrland.bpmn", "region-only.bpmn"], "start": vn_start(), "steps": s}

    two = ALL_M[3:5]
    s = consultation(two) + answers(two)
    s += [complete("11", V11_NOT_NOW), {"expect": {"open_steps": [], "history_contains": ["11", "11a", "11a"]}},
          advance("P30D"), expect([]), advance("P60D"), expect(["11"]),
          complete("11", V11_NOT_NOW), expect([]), advance("P90D"), expect(["11"]),
          complete("11", V11_NOW), expect(["12"])]
    out["vn-not-now-11a"] = {
        "description": "Västernorrland 11a: the LPO decides 'not now' twice; after 90 days each time the "
                       "prioritisation (11) opens again; then it goes on to 12.",
        "processes": ["vasternorrland.bpmn", "region-only.bpmn"], "start": vn_start(), "steps": s}

    s = consultation(two) + answers(two)
    s += [complete("11", V11_NOW), expect(["12"]), complete("12", V12), expect(["13"]),
          complete("13", v13_route(False)), expect(["13"], variables={"forum": "vn-lansledningen"}),
          complete("13", v13_decide(False)), expect(["13a"]),
          complete("13a", {"continue_alone": "yes", "region_alone_parts": "Specialistpsykiatrins delar."})]
    ro, _ = ro_walk("proceed", "partly", years=1)
    s += ro + [expect([], status="completed")]
    out["vn-no-collaboration-13a-region-alone"] = {
        "description": "Västernorrland 13a: Länsledningen decides not to continue in collaboration; the region "
                       "continues alone with the region-internal routine.",
        "processes": ["vasternorrland.bpmn", "region-only.bpmn"], "start": vn_start(), "steps": s}

    s = consultation(two) + answers(two)
    s += [complete("11", V11_NOW), expect(["12"]), complete("12", V12), expect(["13"]),
          complete("13", v13_route(True)), expect(["13"]), complete("13", v13_decide(False)), expect(["13a"]),
          complete("13a", {"continue_alone": "no", "region_alone_parts": ""}), expect([], status="completed")]
    out["vn-no-collaboration-13a-closed"] = {
        "description": "Västernorrland 13a: a steering group decides not to continue in collaboration and the "
                       "region does not continue alone; the case ends.",
        "processes": ["vasternorrland.bpmn", "region-only.bpmn"], "start": vn_start(), "steps": s}

    three_p = [REGION] + two
    s = consultation(two) + answers(two) + until_analysis(three_p, styrgrupp=False)
    s += analysis(loop17=False, loop22=False)
    s += [complete("23", v23("none")), expect([], status="completed")]
    out["vn-not-implement-23"] = {
        "description": "Västernorrland 23: Länsledningen decides not to implement at county level; no "
                       "recommendation to the principals, the case ends.",
        "processes": ["vasternorrland.bpmn", "region-only.bpmn"], "start": vn_start(), "steps": s}

    s = consultation(two) + answers(two) + until_analysis(three_p, styrgrupp=False)
    s += analysis(loop17=False, loop22=False)
    s += [complete("23", v23("partly")), expect(["24"] * 3)]
    s += implementation(three_p, ["partly", "fully", "none"], loop26=False, loop29=False) + followup(1)
    out["vn-partial"] = {
        "description": "Västernorrland: Länsledningen recommends partial implementation; the region and two "
                       "municipalities decide differently (partly, fully, not); implementation and one yearly "
                       "follow-up.",
        "processes": ["vasternorrland.bpmn", "region-only.bpmn"], "start": vn_start(), "steps": s}

    s = consultation(two)
    s += [advance("P14D"), expect(["5"] * 3)]
    s += answers(two) + until_analysis(three_p, styrgrupp=False) + analysis(False, False)
    s += [complete("23", v23("fully")), expect(["24"] * 3), advance("P61D"), expect(["24"] * 3)]
    s += implementation(three_p, ["fully"] * 3, loop26=False, loop29=False)
    s += [advance("P300D"), expect([]), advance("P66D"), expect(["33"]), complete("33", v33(True)), expect([]),
          advance("P1Y"), expect(["33"]), complete("33", v33(True)), expect([]),
          advance("P1Y"), expect(["33"]), complete("33", v33(False)), expect([], status="completed")]
    out["vn-yearly-followup"] = {
        "description": "Västernorrland: reminders at 5 (14 days) and 24 (60 days) keep the tasks open; the yearly "
                       "follow-up (33) has not fired after 300 days and has after 366, then yearly, three years in a row.",
        "processes": ["vasternorrland.bpmn", "region-only.bpmn"], "start": vn_start(), "steps": s}

    # region-only on its own
    base = {"process": "region-only", "variables": {"region": REGION, "lpo": LPO}}
    s, _ = ro_walk("proceed", "fully", years=2)
    out["region-only-full"] = {
        "description": "Region-only routine: assess, decide, plan, implement, yearly follow-up twice.",
        "processes": ["region-only.bpmn"], "start": base, "steps": s + [expect([], status="completed")]}
    s, _ = ro_walk("no_action")
    out["region-only-no-action"] = {
        "description": "Region-only routine: the LPO finds no action needed.",
        "processes": ["region-only.bpmn"], "start": base, "steps": s + [expect([], status="completed")]}
    s, _ = ro_walk("proceed", "none")
    out["region-only-not-implemented"] = {
        "description": "Region-only routine: the region decides not to implement.",
        "processes": ["region-only.bpmn"], "start": base, "steps": s + [expect([], status="completed")]}

    divs = [d for d, _ in DA_DIVISIONS]
    out["dalarna-several-divisions"] = {
        "description": "Dalarna: KSG-B prepares, LGHS approves, LAG with dated assignment (reminder after 60 days), "
                       "KSG-B coordinates three divisions, each division head decides and each verksamhetschef "
                       "implements, yearly follow-up with quality indicators twice.",
        "processes": ["dalarna.bpmn"], "start": da_start(), "steps": da_walk(divs, reminder=True, years=2)}
    out["dalarna-one-division"] = {
        "description": "Dalarna: one division, so no KSG-B coordination; one yearly follow-up.",
        "processes": ["dalarna.bpmn"], "start": da_start(), "steps": da_walk(divs[:1])}
    out["dalarna-no-action"] = {
        "description": "Dalarna: KSG-B proposes no action.",
        "processes": ["dalarna.bpmn"], "start": da_start(), "steps": da_walk(divs[:1], proposal="no_action")}
    out["dalarna-rejected"] = {
        "description": "Dalarna: LGHS rejects the proposal.",
        "processes": ["dalarna.bpmn"], "start": da_start(), "steps": da_walk(divs[:2], decision="reject")}
    return out


def main():
    for name, sc in scenarios().items():
        path = os.path.join(ROOT, "tests", "scenarios", name + ".json")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(sc, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    main()
