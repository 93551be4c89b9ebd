"""The region's internal handling of a knowledge support that concerns the region only.

Called from Västernorrland's routine at step 4 (region only) and 13a (the region continues alone),
and startable on its own. Steps R1-R5 (documented in docs/process-map.md).
"""

from bpmngen import Process
from forms import FormBuilder

L_LPO, L_MGMT = "Lane_ro_lpo", "Lane_ro_management"


def process():
    p = Process(
        "region-only",
        "Regionintern rutin för hantering av kunskapsstöd",
        "Regionintern hantering av kunskapsstöd",
        [
            (L_LPO, "LPO (regionen)", "region", 2),
            (L_MGMT, "Regionens ledning och verksamheter", "region", 1),
        ],
    )
    p.add("startEvent", "ro_start", L_LPO, 0, name="Kunskapsstöd som berör endast regionen", step="R1")
    p.user("ro_assess", L_LPO, 1, "LPO bedömer kunskapsstödet", "R1", "chair@lpo", "ro-01-bedomning",
           deadline="P30D")
    p.add("exclusiveGateway", "ro_gw_assess", L_LPO, 2, name="Gå vidare?", step="R1")
    p.add("endEvent", "ro_end_not_relevant", L_LPO, 3, row=1, name="Ingen åtgärd", step="R1")
    p.user("ro_decide", L_MGMT, 3, "Regionen beslutar om implementering", "R2", "area_director@region",
           "ro-02-beslut", deadline="P30D")
    p.add("exclusiveGateway", "ro_gw_decision", L_MGMT, 4, name="Implementera?", step="R2")
    p.service("ro_notify_no", L_LPO, 5, "Återkoppla beslutet till LPO", "R2", "notify", row=1,
              to="chair@lpo", message="Regionen har beslutat att inte implementera kunskapsstödet.")
    p.add("endEvent", "ro_end_not_implemented", L_LPO, 6, row=1, name="Implementeras inte", step="R2")
    p.user("ro_plan", L_LPO, 5, "LPO tar fram implementeringsplan", "R3", "chair@lpo", "ro-03-plan",
           deadline="P60D")
    p.user("ro_implement", L_MGMT, 7, "Verksamhetschef genomför förändringen", "R4",
           "verksamhetschef@region", "ro-04-genomforande", deadline="P180D")
    p.add("intermediateCatchEvent", "ro_wait_followup", L_LPO, 8, name="Årlig uppföljning", step="R5",
          timer=("timeDuration", "P1Y"))
    p.user("ro_followup", L_LPO, 9, "Årlig uppföljning med indikatorer", "R5", "chair@lpo",
           "ro-05-uppfoljning", deadline="P60D")
    p.add("exclusiveGateway", "ro_gw_followup", L_LPO, 10, name="Fortsatt uppföljning?", step="R5")
    p.add("endEvent", "ro_end_done", L_LPO, 11, name="Uppföljning avslutad", step="R5")

    p.chain("ro_start", "ro_assess", "ro_gw_assess")
    p.flow("ro_gw_assess", "ro_decide", "${ro_assessment == 'proceed'}", "Gå vidare")
    p.flow("ro_gw_assess", "ro_end_not_relevant", name="Ingen åtgärd", default=True)
    p.chain("ro_decide", "ro_gw_decision")
    p.flow("ro_gw_decision", "ro_plan", "${ro_decision == 'fully' or ro_decision == 'partly'}",
           "Helt eller delvis")
    p.flow("ro_gw_decision", "ro_notify_no", name="Inte implementera", default=True)
    p.flow("ro_notify_no", "ro_end_not_implemented")
    p.chain("ro_plan", "ro_implement", "ro_wait_followup", "ro_followup", "ro_gw_followup")
    p.flow("ro_gw_followup", "ro_wait_followup", "${ro_continue_followup == 'yes'}", "Fortsätt")
    p.flow("ro_gw_followup", "ro_end_done", name="Avsluta", default=True)
    return p


def forms():
    F = FormBuilder
    out = []
    f = F("ro-01-bedomning", "R1. LPO:s bedömning (regionintern rutin)")
    f.radio("ro_assessment", "Bedömning", [("proceed", "Gå vidare: föreslå beslut om implementering"),
                                           ("no_action", "Ingen åtgärd")])
    f.select("ro_priority", "Prioritet", [("high", "Hög"), ("medium", "Medel"), ("low", "Låg")])
    f.textarea("ro_proposal", "Förslag och motivering", required=True)
    out.append(f)

    f = F("ro-02-beslut", "R2. Regionens beslut om implementering")
    f.radio("ro_decision", "Beslut", [("fully", "Implementera helt"), ("partly", "Implementera delvis"),
                                      ("none", "Inte implementera")])
    f.textfield("ro_decided_by", "Beslutat av (funktion)", required=True)
    f.date("ro_decision_date", "Beslutsdatum", required=True)
    f.textarea("ro_decision_comment", "Kommentar")
    out.append(f)

    f = F("ro-03-plan", "R3. Implementeringsplan")
    f.dynamiclist("ro_activities", "Aktiviteter", lambda c: (
        f.textfield("activity", "Aktivitet", required=True, into=c),
        f.textfield("responsible", "Ansvarig funktion", into=c),
        f.date("start", "Start", into=c),
        f.date("end", "Klart", into=c)))
    f.textarea("ro_phase_out", "Vad fasas ut")
    f.textarea("ro_communication", "Kommunikation", required=True)
    out.append(f)

    f = F("ro-04-genomforande", "R4. Genomförande i verksamheten")
    f.textarea("ro_implementation_report", "Genomförda förändringar", required=True)
    f.checkbox("ro_implemented", "Förändringen är genomförd")
    out.append(f)

    f = F("ro-05-uppfoljning", "R5. Årlig uppföljning")
    f.dynamiclist("ro_indicators", "Indikatorer", lambda c: (
        f.textfield("indicator", "Indikator", required=True, into=c),
        f.number("value", "Utfall", into=c),
        f.number("target", "Målvärde", into=c)))
    f.textarea("ro_followup_adjustments", "Justeringar")
    f.radio("ro_continue_followup", "Fortsatt uppföljning", [("yes", "Ja, följ upp igen om ett år"),
                                                            ("no", "Nej, avsluta")])
    out.append(f)
    return out
