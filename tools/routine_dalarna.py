"""Region Dalarna's system for kunskapsstyrning (shared/seeds/004_c404d1e861ddfdc3.txt) as a routine.

KSG-B (the preparation group, chaired by the region's coordinator) prepares and proposes; LGHS (the
steering group) decides overall goals and the setting up of LPO/LAG; a LAG works on a documented,
dated assignment; division heads decide the activities within their division (KSG-B coordinates
when several divisions are involved); the verksamhetschef carries out the change, financed by the
own unit; follow-up with national quality indicators, yearly. Steps D1-D10.
"""

from bpmngen import Process
from forms import FormBuilder

L_REG, L_KSGB, L_LGHS, L_LPO, L_DIV = ("Lane_da_region", "Lane_da_ksgb", "Lane_da_lghs", "Lane_da_lpo",
                                       "Lane_da_divisions")


def process():
    p = Process(
        "dalarna",
        "Region Dalarnas system för kunskapsstyrning – från kunskapsstöd till uppföljning",
        "Kunskapsstyrning Region Dalarna",
        [
            (L_REG, "Region Dalarna: diarium och samordnare", "region", 1),
            (L_KSGB, "KSG-B (beredningsgrupp)", "region", 2),
            (L_LGHS, "LGHS (styrgrupp för kunskapsstyrning)", "region", 2),
            (L_LPO, "LPO och LAG", "joint", 2),
            (L_DIV, "Divisioner och verksamheter", "region", 2),
        ],
    )
    p.add("startEvent", "da_start", L_REG, 0, name="Nationellt kunskapsstöd eller rekommendation", step="D1")
    p.service("da_diary", L_REG, 1, "Diarieför och överlämna till samordnaren", "D1", "diary.register",
              direction="in", description="Nationellt kunskapsstöd till Region Dalarna")
    p.user("da_prepare", L_KSGB, 2, "KSG-B bereder ärendet", "D2", "chair@ksgb", "da-02-beredning",
           deadline="P30D")
    p.add("exclusiveGateway", "da_gw_prepare", L_KSGB, 3, name="Förslag till LGHS?", step="D2")
    p.add("endEvent", "da_end_no_action", L_KSGB, 4, row=1, name="Ingen åtgärd", step="D2")
    p.user("da_decide", L_LGHS, 4, "LGHS beslutar om mål och inrättande av LPO/LAG", "D3", "chair@lghs",
           "da-03-beslut", deadline="P30D")
    p.add("exclusiveGateway", "da_gw_decide", L_LGHS, 5, name="Beslut?", step="D3")
    p.service("da_notify_rejected", L_LGHS, 6, "Återkoppla beslutet till KSG-B", "D3", "notify", row=1,
              to="chair@ksgb", message="LGHS har beslutat att inte gå vidare med kunskapsstödet.")
    p.add("endEvent", "da_end_rejected", L_LGHS, 7, row=1, name="Inte vidare", step="D3")
    p.user("da_lag", L_LPO, 6, "LPO inrättar LAG med daterat uppdrag", "D4", "chair@lpo", "da-04-lag-uppdrag",
           deadline="P30D")
    p.service("da_notify_lag", L_LPO, 7, "Informera LAG om uppdraget", "D4", "notify", to="member@lag",
              message="LAG har inrättats med ett dokumenterat uppdrag och start- och slutdatum.")
    p.user("da_analysis", L_LPO, 8, "LAG analyserar och föreslår aktiviteter", "D5", "member@lag",
           "da-05-analys", deadline="P90D")
    p.add("boundaryEvent", "da_reminder_5", L_LPO, 8, name="Påminnelse efter 60 dagar", step="D5",
          attached="da_analysis", cancel=False, timer=("timeDuration", "P60D"))
    p.service("da_remind_5", L_LPO, 9, "Påminn LPO om LAG:s analys", "D5", "notify", row=1, to="chair@lpo",
              message="Påminnelse: LAG:s analys ska vara klar om 30 dagar.")
    p.add("endEvent", "da_end_reminder_5", L_LPO, 10, row=1, name="Påminnelse skickad")
    p.add("exclusiveGateway", "da_gw_divisions", L_LPO, 9, name="Flera divisioner?", step="D6")
    p.user("da_coordinate", L_KSGB, 10, "KSG-B samordnar mellan divisionerna", "D6", "chair@ksgb",
           "da-06-samordning", deadline="P30D")
    p.add("exclusiveGateway", "da_gw_divisions_join", L_LPO, 11)
    p.user("da_division_decision", L_DIV, 12, "Divisionschef beslutar om aktiviteter i divisionen", "D7",
           "division_head@division", "da-07-divisionsbeslut", deadline="P30D",
           mi={"collection": "divisions", "element": "division", "output": "division_decisions"})
    p.user("da_implement", L_DIV, 13, "Verksamhetschef genomför beslutade förändringar", "D8",
           "verksamhetschef@division", "da-08-genomforande", deadline="P180D",
           mi={"collection": "divisions", "element": "division", "output": "implementation_reports"})
    p.user("da_lag_close", L_LPO, 14, "LAG:s uppdrag avslutas och rapporteras", "D9", "chair@lpo",
           "da-09-lag-avslut", deadline="P30D")
    p.service("da_report_lghs", L_LGHS, 15, "Rapportera till LGHS", "D9", "notify", to="chair@lghs",
              message="LAG:s uppdrag är avslutat och implementeringen rapporterad.")
    p.add("intermediateCatchEvent", "da_wait_followup", L_LPO, 16, name="Årlig uppföljning", step="D10",
          timer=("timeDuration", "P1Y"))
    p.user("da_followup", L_LPO, 17, "Uppföljning med nationella kvalitetsindikatorer", "D10", "chair@lpo",
           "da-10-uppfoljning", deadline="P60D")
    p.service("da_followup_report", L_LGHS, 18, "Uppföljningen rapporteras till LGHS", "D10", "notify",
              to="chair@lghs", message="Årlig uppföljning med kvalitetsindikatorer är klar.")
    p.add("exclusiveGateway", "da_gw_followup", L_LGHS, 19, name="Fortsatt uppföljning?", step="D10")
    p.add("endEvent", "da_end_done", L_LGHS, 20, name="Uppföljning avslutad", step="D10")

    p.chain("da_start", "da_diary", "da_prepare", "da_gw_prepare")
    p.flow("da_gw_prepare", "da_decide", "${ksgb_proposal == 'propose'}", "Förslag till LGHS")
    p.flow("da_gw_prepare", "da_end_no_action", name="Ingen åtgärd", default=True)
    p.chain("da_decide", "da_gw_decide")
    p.flow("da_gw_decide", "da_lag", "${lghs_decision == 'approve'}", "Bifall")
    p.flow("da_gw_decide", "da_notify_rejected", name="Avslag", default=True)
    p.flow("da_notify_rejected", "da_end_rejected")
    p.chain("da_lag", "da_notify_lag", "da_analysis", "da_gw_divisions")
    p.chain("da_reminder_5", "da_remind_5", "da_end_reminder_5")
    p.flow("da_gw_divisions", "da_coordinate", "${count(divisions) > 1}", "Flera divisioner")
    p.flow("da_gw_divisions", "da_gw_divisions_join", name="En division", default=True)
    p.flow("da_coordinate", "da_gw_divisions_join")
    p.chain("da_gw_divisions_join", "da_division_decision", "da_implement", "da_lag_close", "da_report_lghs",
            "da_wait_followup", "da_followup", "da_followup_report", "da_gw_followup")
    p.flow("da_gw_followup", "da_wait_followup", "${continue_followup == 'yes'}", "Fortsätt")
    p.flow("da_gw_followup", "da_end_done", name="Avsluta", default=True)
    return p


def forms():
    F = FormBuilder
    out = []
    f = F("da-02-beredning", "D2. KSG-B bereder ärendet")
    f.textarea("ksgb_summary", "Sammanfattning av kunskapsstödet och beredningen", required=True)
    f.radio("ksgb_proposal", "KSG-B:s förslag", [("propose", "Föreslå beslut i LGHS"),
                                                 ("no_action", "Ingen åtgärd (bevakas)")])
    f.radio("lpo_choice", "LPO", [("existing", "Befintligt LPO"), ("new", "Föreslå nytt LPO")])
    f.textfield("proposed_lpo", "Föreslaget LPO (id eller namn)")
    f.textfield("proposed_chair", "Föreslagen ordförande (funktion)")
    f.checklist("divisions", "Berörda divisioner", values_key="division_options", required=True)
    out.append(f)

    f = F("da-03-beslut", "D3. LGHS beslut")
    f.radio("lghs_decision", "Beslut", [("approve", "Bifall: inrätta/ge uppdrag till LPO och LAG"),
                                        ("reject", "Avslag")])
    f.textfield("lpo", "LPO som får uppdraget (id i strukturen)", required=True)
    f.textarea("lghs_goals", "Övergripande mål och aktiviteter")
    f.date("lghs_decision_date", "Beslutsdatum", required=True)
    out.append(f)

    f = F("da-04-lag-uppdrag", "D4. LAG med dokumenterat uppdrag")
    f.textfield("lag", "LAG (id i strukturen)", required=True)
    f.textarea("lag_assignment", "Uppdrag", required=True)
    f.date("lag_start", "Startdatum", required=True)
    f.date("lag_end", "Slutdatum", required=True)
    f.dynamiclist("lag_members", "Sammansättning (funktioner)", lambda c: (
        f.textfield("function", "Funktion", required=True, into=c),
        f.textfield("profession", "Profession", into=c),
        f.textfield("unit", "Verksamhet", into=c)))
    f.checkbox("patient_representative", "Representant för patient- och närståendeförening deltar")
    out.append(f)

    f = F("da-05-analys", "D5. LAG:s analys och förslag")
    f.textarea("da_gaps", "Nuläge och gap", required=True)
    f.dynamiclist("proposed_activities", "Föreslagna aktiviteter", lambda c: (
        f.textfield("activity", "Aktivitet", required=True, into=c),
        f.textfield("division", "Division (id)", into=c),
        f.date("start", "Start", into=c),
        f.date("end", "Klart", into=c)))
    f.textarea("da_phase_out", "Vad fasas ut")
    f.textarea("da_indicators", "Nationella kvalitetsindikatorer för uppföljning")
    out.append(f)

    f = F("da-06-samordning", "D6. KSG-B samordnar mellan divisionerna")
    f.textarea("coordination", "Samordning av förbättrings- och implementeringsarbetet", required=True)
    out.append(f)

    f = F("da-07-divisionsbeslut", "D7. Divisionschefens beslut")
    f.radio("division_decision", "Beslut", [("fully", "Genomför helt"), ("partly", "Genomför delvis"),
                                            ("none", "Genomför inte")])
    f.textarea("division_activities", "Aktiviteter i divisionen", required=True)
    f.date("division_decision_date", "Beslutsdatum", required=True)
    out.append(f)

    f = F("da-08-genomforande", "D8. Verksamhetschefens genomförande")
    f.textarea("changes", "Genomförda förändringar i verksamheten", required=True)
    f.checkbox("absence_resourced", "Frånvaro för deltagande är resurshanterad i samråd med divisionschef")
    f.select("implementation_status", "Status", [("ongoing", "Pågår"), ("done", "Genomförd")], required=True)
    out.append(f)

    f = F("da-09-lag-avslut", "D9. LAG:s uppdrag avslutas")
    f.textarea("lag_result", "Resultat av LAG:s uppdrag", required=True)
    f.date("lag_closed", "Avslutat datum", required=True)
    out.append(f)

    f = F("da-10-uppfoljning", "D10. Uppföljning med nationella kvalitetsindikatorer")
    f.dynamiclist("indicators", "Indikatorer", lambda c: (
        f.textfield("indicator", "Indikator", required=True, into=c),
        f.select("source", "Källa", [("quality_register", "Kvalitetsregister"), ("bild", "BILD"),
                                     ("other", "Annan registrering")], into=c),
        f.number("value", "Utfall", into=c),
        f.number("target", "Målvärde", into=c)))
    f.checkbox("analysis_unit_consulted", "Analysenheten har stöttat uppföljningen")
    f.textarea("followup_conclusion", "Slutsatser och förbättringar")
    f.radio("continue_followup", "Fortsatt uppföljning", [("yes", "Ja, följ upp igen om ett år"),
                                                         ("no", "Nej, avsluta")])
    out.append(f)
    return out
