"""Västernorrland's routine (shared/seeds/003_a4e315eccfba8f14.txt), all 33 steps, as data."""

from bpmngen import Process
from forms import FormBuilder

YES_NO = [("yes", "Ja"), ("no", "Nej")]
RECOMMENDATION = [("fully", "Implementera helt"), ("partly", "Implementera delvis"),
                  ("none", "Inte implementera")]
LSG_KS = [
    ("metoder", "Metoder för kunskapsstöd"),
    ("forskning", "Forskning/utbildning/innovation"),
    ("patientsakerhet", "Patientsäkerhet"),
    ("strukturerad_vardinformation", "Strukturerad vårdinformation"),
    ("lakemedel", "Läkemedel/medicinteknik"),
    ("uppfoljning", "Uppföljning/analys/kvalitetsregister"),
]

R, LPO, MUN, LL, PR = "Lane_region", "Lane_lpo", "Lane_municipalities", "Lane_lansledning", "Lane_principals"


def process():
    p = Process(
        "vasternorrland",
        "Samverkansrutin kunskapsstöd – Region Västernorrland och länets kommuner",
        "Beredning, beslut och implementering av kunskapsstöd (Västernorrland)",
        [
            (R, "Region Västernorrland (RVN)", "region", 2),
            (LPO, "LPO och LAG", "joint", 2),
            (MUN, "Kommunerna och KFVN", "municipality", 2),
            (LL, "Länsledningen för HälSam / styrgrupp", "joint", 2),
            (PR, "Huvudmännen (regionen och kommunerna)", "joint", 2),
        ],
        messages=[("Message_national_decision", "national_decision")],
    )
    # -- Remiss 1-7 ------------------------------------------------------------------------------
    p.add("startEvent", "start_remiss", R, 0, name="Kunskapsstöd på remiss från SKR", step="1")
    p.service("diary_remiss", R, 1, "Diarieför remissen", "2", "diary.register", direction="in",
              description="Remiss av nationellt kunskapsstöd från SKR")
    p.user("forward_remiss", R, 2, "Vidarebefordra remissen till ordförande i berört LPO", "3",
           "coordinator@region", "vn-03-vidarebefordra", deadline="P5D")
    p.user("assess_concern", LPO, 3, "Bedöm om remissen berör kommunerna eller endast regionen", "4",
           "chair@lpo", "vn-04-bedomning", deadline="P10D")
    p.add("exclusiveGateway", "gw_concern", LPO, 4, name="Berör kommunerna?", step="4")
    p.add("callActivity", "call_region_only_4", R, 5, row=1, name="Regionintern rutin", step="4",
          called="region-only")
    p.add("endEvent", "end_region_only", R, 6, row=1, name="Hanterat i regionintern rutin", step="4")
    p.service("send_to_kfvn", MUN, 5, "Skicka remissen till KFVN:s samordnare", "4", "notify",
              to="coordinator@kfvn",
              message="Remiss som berör kommunerna: sprid till kommunerna via etablerade nätverk.")
    p.add("parallelGateway", "fork_5", MUN, 6, step="5")
    p.user("lpo_experts", LPO, 7, "Samla in och tillgodogör svar från sakkunniga", "5", "chair@lpo",
           "vn-05-lpo-sakkunniga", deadline="P21D")
    p.user("municipality_answer", MUN, 7, "Kommunens synpunkter på remissen", "5",
           "contact@municipality", "vn-05-kommunens-svar", deadline="P21D",
           mi={"collection": "concerned_municipalities", "element": "municipality",
               "output": "municipality_answers"})
    p.add("boundaryEvent", "reminder_5", MUN, 7, name="Påminnelse efter 14 dagar", step="5",
          attached="municipality_answer", cancel=False, timer=("timeDuration", "P14D"))
    p.service("remind_5", MUN, 8, "Påminn om kommunsvar som saknas", "5", "notify", row=1,
              to="coordinator@kfvn", message="Påminnelse: kommunernas remissvar ska vara inne om 7 dagar.")
    p.add("endEvent", "end_reminder_5", MUN, 9, row=1, name="Påminnelse skickad")
    p.service("send_lpo_compilation", LPO, 8, "Skicka LPO:s sammanställning till RVN:s samordnare", "6",
              "notify", to="coordinator@region", message="LPO:s sammanställning av remissvaret är klar.")
    p.service("compile_municipal", MUN, 8, "Samla kommunernas svar", "5", "compile",
              **{"from": "municipality_answers", "into": "municipality_compilation"})
    p.user("kfvn_compile", MUN, 9, "Sammanställ kommunernas synpunkter", "5", "coordinator@kfvn",
           "vn-05-kfvn-sammanstallning", deadline="P7D")
    p.service("send_kfvn_compilation", MUN, 10, "Skicka kommunernas sammanställning till RVN:s samordnare",
              "6", "notify", to="coordinator@region", message="KFVN:s sammanställning av kommunernas svar är klar.")
    p.add("parallelGateway", "join_6", R, 11, name="Båda sammanställningarna inne", step="6")
    p.user("region_compile", R, 12, "Sammanställ samtliga svar", "7", "coordinator@region",
           "vn-07-remissvar", deadline="P7D")
    p.service("share_answer", R, 13, "Delge samlat svar till LPO och verksamhetschefer", "7", "notify",
              to="chair@lpo", message="Det samlade remissvaret har skickats till SKR.")
    p.service("diary_answer", R, 14, "Diarieför och skicka formellt remissvar till SKR", "7",
              "diary.register", direction="out", description="Formellt remissvar till SKR")
    # -- National decision 8-9 --------------------------------------------------------------------
    p.add("intermediateCatchEvent", "wait_national_decision", R, 15, name="Nationellt beslut om införande",
          step="8", msgref="Message_national_decision")
    p.service("diary_decision", R, 16, "Diarieför nationellt beslut", "9", "diary.register", direction="in",
              description="Nationella styrgruppens beslut om införande av kunskapsstödet")
    # -- Local handling 10-16 ---------------------------------------------------------------------
    p.service("inform_lpo", R, 17, "Informera berört LPO", "10", "notify", to="chair@lpo",
              message="Kunskapsstödet är nationellt beslutat: gör en prioritering (steg 11).")
    p.service("inform_kfvn", R, 18, "Informera KFVN:s samordnare", "10", "notify", to="coordinator@kfvn",
              message="Kunskapsstödet är nationellt beslutat: informera relevanta nätverk.")
    p.user("prioritise", LPO, 19, "Prioritera hur kunskapsstödet ska hanteras", "11", "chair@lpo",
           "vn-11-prioritering", deadline="P30D")
    p.add("exclusiveGateway", "gw_priority", LPO, 20, name="Gå vidare nu?", step="11")
    p.service("not_now_11a", LPO, 21, "Avvakta enligt LPO:s rutin", "11a", "notify", row=1,
              to="coordinator@region", message="LPO går inte vidare just nu; ärendet omprioriteras senare.")
    p.add("intermediateCatchEvent", "recheck_11a", LPO, 22, row=1, name="Kontroll/omprioritering efter 90 dagar",
          step="11a", timer=("timeDuration", "P90D"))
    p.user("decision_basis", LPO, 21, "Underlag till beslut och förslag på funktioner i LAG", "12",
           "chair@lpo", "vn-12-beslutsunderlag", deadline="P30D")
    p.user("route_matter", LL, 22, "Fördela ärendet till Länsledningen eller styrgrupp", "13",
           "collaboration_coordinator@lansledning", "vn-13-fordelning", deadline="P7D")
    p.add("exclusiveGateway", "gw_forum", LL, 23, name="Styrgrupp?", step="13")
    p.service("set_forum_lansledning", LL, 24, "Länsledningen hanterar ärendet", "13", "set",
              variable="forum", value="lansledning")
    p.service("set_forum_styrgrupp", LL, 24, "Styrgruppen hanterar ärendet", "13", "set", row=1,
              variable="forum", value="steering_group")
    p.add("exclusiveGateway", "gw_forum_join", LL, 25)
    p.user("collab_decision", LL, 26, "Ta ställning till fortsatt arbete i samverkan", "13", "chair@forum",
           "vn-13-beslut-samverkan", deadline="P30D")
    p.add("exclusiveGateway", "gw_collab", LL, 27, name="Fortsatt arbete i samverkan?", step="13")
    p.service("feedback_13a", R, 28, "Återkoppla beslutet (inte i samverkan)", "13a", "notify", row=1,
              to="chair@lpo", message="Styrgrupp/Länsledningen går inte vidare i samverkan med kunskapsstödet.")
    p.user("region_alone", R, 29, "Ta ställning: går regionen vidare själv?", "13a", "coordinator@region",
           "vn-13a-regionen-ensam", row=1, deadline="P30D")
    p.add("exclusiveGateway", "gw_alone", R, 30, row=1, name="Regionen vidare själv?", step="13a")
    p.add("callActivity", "call_region_only_13a", R, 31, row=1, name="Regionintern rutin (delar som inte berör kommunerna)",
          step="13a", called="region-only")
    p.add("endEvent", "end_region_alone", R, 32, row=1, name="Regionen har hanterat sina delar", step="13a")
    p.add("endEvent", "end_no_collaboration", R, 31, name="Inte vidare i samverkan", step="13a")
    p.user("resourcing", LL, 28, "Ta ställning till föreslagen resurssättning", "14", "chair@forum",
           "vn-14-resurssattning", deadline="P30D")
    p.service("ask_municipal_networks", MUN, 29, "KFVN förmedlar till kommunala nätverk att utse personer", "14",
              "notify", to="head_of_unit@kfvn",
              message="Be verksamhetscheferna i de kommunala nätverken utse personer till de beslutade funktionerna.")
    p.service("ask_area_directors", R, 33, "Områdesdirektörer förmedlar till verksamhetschefer", "14", "notify",
              to="area_director@region",
              message="Be berörda verksamhetschefer utse personer till de beslutade funktionerna.")
    p.user("appoint_experts", PR, 34, "Utse sakkunniga till LAG", "15", "verksamhetschef@principal",
           "vn-15-utse-sakkunniga", deadline="P21D",
           mi={"collection": "principals", "element": "principal", "output": "lag_appointments"})
    p.service("compile_appointments", R, 35, "Samla utsedda sakkunniga", "15", "compile",
              **{"from": "lag_appointments", "into": "lag_nominees"})
    p.service("forward_appointments", R, 36, "Vidarebefordra utsedda till LPO", "15", "notify", to="chair@lpo",
              message="Verksamhetscheferna har utsett sakkunniga till LAG.")
    p.user("form_lag", LPO, 37, "Sätt samman LAG och aktivera berörda LSG", "16", "chair@lpo", "vn-16-lag",
           deadline="P14D")
    p.service("notify_lag", LPO, 38, "Informera LAG om uppdraget", "16", "notify", to="member@lag",
              message="LAG har satts samman: gör en gap- och konsekvensanalys (steg 17).")
    # -- Analysis 17-22 ---------------------------------------------------------------------------
    p.user("gap_analysis", LPO, 39, "Gap- och konsekvensanalys", "17", "member@lag",
           "vn-17-gap-konsekvensanalys", deadline="P90D")
    p.user("lpo_review", LPO, 40, "LPO lämnar synpunkter på analysen", "17", "chair@lpo",
           "vn-17-lpo-synpunkter", deadline="P30D")
    p.add("exclusiveGateway", "gw_review", LPO, 41, name="LPO nöjd?", step="17")
    p.service("inform_networks", MUN, 42, "Kommunrepresentant informerar nätverk om analysen", "18", "notify",
              to="coordinator@kfvn", message="Gap- och konsekvensanalysen är klar: informera relevanta nätverk.")
    p.user("send_consultation", LPO, 43, "Skicka analysen på remiss till LSG HälSam", "18", "chair@lpo",
           "vn-18-remiss-lsg", deadline="P14D")
    p.user("lsg_consultation", LL, 44, "Remiss till LSG HälSam: sammanställ svaren", "19",
           "collaboration_coordinator@lansledning", "vn-19-lsg-svar", deadline="P30D")
    p.user("lpo_adjust", LPO, 45, "Gå igenom synpunkterna och justera", "20", "chair@lpo", "vn-20-justering",
           deadline="P30D")
    p.user("submit_matter", LPO, 46, "Anmäl ärendet till styrgrupp eller Länsledningen", "21", "chair@lpo",
           "vn-21-anmalan", deadline="P14D")
    p.user("present_analysis", LL, 47, "Analysen presenteras och kommenteras", "22", "chair@forum",
           "vn-22-presentation", deadline="P30D")
    p.add("exclusiveGateway", "gw_presented", LL, 48, name="Behöver kompletteras?", step="22")
    p.add("exclusiveGateway", "gw_via_styrgrupp", LL, 49, name="Via styrgrupp?", step="22")
    p.service("forward_statement", LL, 50, "Styrgruppen skickar underlag och utlåtande till Länsledningen", "22",
              "notify", row=1, to="chair@lansledning",
              message="Styrgruppens underlag och utlåtande för beslut om rekommendation.")
    p.add("exclusiveGateway", "gw_statement_join", LL, 51)
    # -- Decision 23-25 ---------------------------------------------------------------------------
    p.user("recommendation", LL, 52, "Beslut om rekommendation till huvudmännen", "23", "chair@lansledning",
           "vn-23-rekommendation", deadline="P30D")
    p.add("exclusiveGateway", "gw_recommendation", LL, 53, name="Rekommendation?", step="23")
    p.service("no_recommendation", LL, 54, "Återkoppla: ingen rekommendation", "23", "notify", row=1,
              to="chair@lpo", message="Länsledningen lämnar ingen rekommendation: kunskapsstödet implementeras inte på länsnivå.")
    p.add("endEvent", "end_no_recommendation", LL, 55, row=1, name="Ingen rekommendation", step="23")
    p.user("principal_decision", PR, 55, "Huvudmannens beslut om implementering", "24",
           "representative@principal", "vn-24-huvudmannens-beslut", deadline="P90D",
           mi={"collection": "principals", "element": "principal", "output": "principal_decisions"})
    p.add("boundaryEvent", "reminder_24", PR, 55, name="Påminnelse efter 60 dagar", step="24",
          attached="principal_decision", cancel=False, timer=("timeDuration", "P60D"))
    p.service("remind_24", PR, 56, "Påminn om huvudmannabeslut som saknas", "24", "notify", row=1,
              to="collaboration_coordinator@lansledning",
              message="Påminnelse: alla huvudmän har inte återkopplat sitt beslut.")
    p.add("endEvent", "end_reminder_24", PR, 57, row=1, name="Påminnelse skickad")
    p.user("implementation_decision", LL, 56, "Ta ställning till hur implementering kan göras", "25",
           "chair@lansledning", "vn-25-genomforande", deadline="P30D")
    p.service("notify_lpo_start", LL, 57, "Återkoppla beslutet till LPO", "25", "notify", to="chair@lpo",
              message="Länsledningen har beslutat hur implementeringen görs: starta implementeringsprocessen.")
    # -- Implementation 26-32 ---------------------------------------------------------------------
    p.user("inventory", LPO, 58, "Inventera befintlig kompetens i LAG", "26", "chair@lpo", "vn-26-kompetens",
           deadline="P30D")
    p.add("exclusiveGateway", "gw_lag_complete", LPO, 59, name="LAG komplett?", step="26")
    p.user("request_resources", R, 60, "Begär kompletterande resurser från verksamhetschefer", "26",
           "coordinator@region", "vn-26-resursforfragan", row=1, deadline="P21D")
    p.user("commission", LPO, 61, "Ge LAG uppdrag att starta implementeringen", "27", "chair@lpo",
           "vn-27-uppdrag", deadline="P14D")
    p.user("activity_plan", LPO, 62, "Aktivitets-, tids- och kommunikationsplan", "28", "member@lag",
           "vn-28-aktivitetsplan", deadline="P60D")
    p.user("anchor_plan", LPO, 63, "Förankra planen i LPO", "29", "chair@lpo", "vn-29-forankring",
           deadline="P30D")
    p.add("exclusiveGateway", "gw_plan", LPO, 64, name="Planen förankrad?", step="29")
    p.add("parallelGateway", "fork_30", LPO, 65, step="30")
    p.user("internal_activities", PR, 66, "Huvudmannens interna aktiviteter", "30", "representative@principal",
           "vn-30-interna-aktiviteter", deadline="P180D",
           mi={"collection": "principals", "element": "principal", "output": "internal_reports"})
    p.service("inform_lansledning", LL, 66, "Informera Länsledningen/styrgrupp om planen", "30", "notify",
              to="collaboration_coordinator@lansledning",
              message="LPO informerar om aktivitetsplanen och de länsgemensamma insatserna.")
    p.user("assign_joint", LL, 67, "Fördela länsgemensamma insatser", "31", "chair@forum", "vn-31-fordela",
           deadline="P30D")
    p.user("perform_joint", LL, 68, "Utför delegerade aktiviteter och återrapportera", "32",
           "chair@joint_group", "vn-32-aterrapport", deadline="P180D")
    p.add("parallelGateway", "join_30", LPO, 69, step="30")
    # -- Follow-up 33 -----------------------------------------------------------------------------
    p.add("intermediateCatchEvent", "wait_followup", LPO, 70, name="Årlig uppföljning", step="33",
          timer=("timeDuration", "P1Y"))
    p.user("followup", LPO, 71, "Årlig uppföljning med indikatorer", "33", "chair@lpo", "vn-33-uppfoljning",
           deadline="P60D")
    p.add("exclusiveGateway", "gw_followup", LPO, 72, name="Fortsatt uppföljning?", step="33")
    p.add("endEvent", "end_done", LPO, 73, name="Uppföljning avslutad", step="33")

    # -- flows ------------------------------------------------------------------------------------
    p.chain("start_remiss", "diary_remiss", "forward_remiss", "assess_concern", "gw_concern")
    p.flow("gw_concern", "send_to_kfvn", "${concerns == 'municipalities'}", "Berör kommunerna")
    p.flow("gw_concern", "call_region_only_4", name="Endast regionen", default=True)
    p.flow("call_region_only_4", "end_region_only")
    p.chain("send_to_kfvn", "fork_5")
    p.flow("fork_5", "lpo_experts")
    p.flow("fork_5", "municipality_answer")
    p.chain("reminder_5", "remind_5", "end_reminder_5")
    p.chain("lpo_experts", "send_lpo_compilation", "join_6")
    p.chain("municipality_answer", "compile_municipal", "kfvn_compile", "send_kfvn_compilation", "join_6")
    p.chain("join_6", "region_compile", "share_answer", "diary_answer", "wait_national_decision",
            "diary_decision", "inform_lpo", "inform_kfvn", "prioritise", "gw_priority")
    p.flow("gw_priority", "decision_basis", "${proceed == 'now'}", "Gå vidare nu")
    p.flow("gw_priority", "not_now_11a", name="Inte just nu", default=True)
    p.chain("not_now_11a", "recheck_11a", "prioritise")
    p.chain("decision_basis", "route_matter", "gw_forum")
    p.flow("gw_forum", "set_forum_styrgrupp", "${forum_type == 'styrgrupp'}", "Styrgrupp")
    p.flow("gw_forum", "set_forum_lansledning", name="Länsledningen", default=True)
    p.flow("set_forum_lansledning", "gw_forum_join")
    p.flow("set_forum_styrgrupp", "gw_forum_join")
    p.chain("gw_forum_join", "collab_decision", "gw_collab")
    p.flow("gw_collab", "resourcing", "${collaborate == 'yes'}", "Ja")
    p.flow("gw_collab", "feedback_13a", name="Nej", default=True)
    p.chain("feedback_13a", "region_alone", "gw_alone")
    p.flow("gw_alone", "call_region_only_13a", "${continue_alone == 'yes'}", "Ja")
    p.flow("gw_alone", "end_no_collaboration", name="Nej", default=True)
    p.flow("call_region_only_13a", "end_region_alone")
    p.chain("resourcing", "ask_municipal_networks", "ask_area_directors", "appoint_experts",
            "compile_appointments", "forward_appointments", "form_lag", "notify_lag", "gap_analysis",
            "lpo_review", "gw_review")
    p.flow("gw_review", "inform_networks", "${lpo_satisfied == 'yes'}", "Nöjd")
    p.flow("gw_review", "gap_analysis", name="Omarbeta", default=True)
    p.chain("inform_networks", "send_consultation", "lsg_consultation", "lpo_adjust", "submit_matter",
            "present_analysis", "gw_presented")
    p.flow("gw_presented", "lpo_adjust", "${needs_completion == 'yes'}", "Komplettera i LPO")
    p.flow("gw_presented", "gw_via_styrgrupp", name="Klart", default=True)
    p.flow("gw_via_styrgrupp", "forward_statement", "${forum_type == 'styrgrupp'}", "Styrgrupp")
    p.flow("gw_via_styrgrupp", "gw_statement_join", name="Länsledningen", default=True)
    p.flow("forward_statement", "gw_statement_join")
    p.chain("gw_statement_join", "recommendation", "gw_recommendation")
    p.flow("gw_recommendation", "principal_decision",
           "${recommendation == 'fully' or recommendation == 'partly'}", "Helt eller delvis")
    p.flow("gw_recommendation", "no_recommendation", name="Inte implementera", default=True)
    p.flow("no_recommendation", "end_no_recommendation")
    p.chain("reminder_24", "remind_24", "end_reminder_24")
    p.chain("principal_decision", "implementation_decision", "notify_lpo_start", "inventory", "gw_lag_complete")
    p.flow("gw_lag_complete", "commission", "${lag_complete == 'yes'}", "Komplett")
    p.flow("gw_lag_complete", "request_resources", name="Komplettering", default=True)
    p.flow("request_resources", "inventory")
    p.chain("commission", "activity_plan", "anchor_plan", "gw_plan")
    p.flow("gw_plan", "fork_30", "${plan_approved == 'yes'}", "Förankrad")
    p.flow("gw_plan", "activity_plan", name="Omarbeta", default=True)
    p.flow("fork_30", "internal_activities")
    p.flow("fork_30", "inform_lansledning")
    p.chain("inform_lansledning", "assign_joint", "perform_joint", "join_30")
    p.flow("internal_activities", "join_30")
    p.chain("join_30", "wait_followup", "followup", "gw_followup")
    p.flow("gw_followup", "wait_followup", "${continue_followup == 'yes'}", "Fortsätt")
    p.flow("gw_followup", "end_done", name="Avsluta", default=True)
    return p


def forms():
    F = FormBuilder
    out = []

    f = F("vn-03-vidarebefordra", "3. Vidarebefordra remissen till berört LPO")
    f.text("RVN:s samordnare vidarebefordrar remissen till ordföranden i berört LPO.")
    f.date("answer_due", "Sista dag för remissvar till SKR", required=True)
    f.textarea("forward_note", "Meddelande till LPO:s ordförande")
    out.append(f)

    f = F("vn-04-bedomning", "4. Berör remissen kommunerna eller endast regionen?")
    f.radio("concerns", "Bedömning", [("municipalities", "Berör kommunerna"),
                                      ("region_only", "Berör endast regionen (regionintern rutin)")])
    f.checklist("concerned_municipalities", "Berörda kommuner", values_key="municipality_options",
                description="Fylls i när ärendet berör kommunerna. Varje vald kommun får en uppgift att svara.")
    f.textarea("assessment_motivation", "Motivering")
    out.append(f)

    f = F("vn-05-lpo-sakkunniga", "5. LPO:s sakkunnigas svar")
    f.textarea("lpo_experts_consulted", "Tillfrågade sakkunniga (funktioner)")
    f.textarea("lpo_answer", "LPO:s sammanställning av sakkunnigas svar", required=True)
    out.append(f)

    f = F("vn-05-kommunens-svar", "5. Kommunens synpunkter på remissen")
    f.textarea("views", "Kommunens synpunkter", required=True)
    f.radio("prepared_in", "Svaret har beretts i", [
        ("network_with_vc", "Nätverk med verksamhetschef"),
        ("network_without_vc", "Nätverk utan verksamhetschef"),
        ("own_organisation", "Kommunens egen organisation")])
    f.textfield("answered_by", "Besvarat av (funktion)")
    out.append(f)

    f = F("vn-05-kfvn-sammanstallning", "5. KFVN: sammanställning av kommunernas synpunkter")
    f.textarea("municipal_answer", "Sammanställning av kommunernas synpunkter", required=True)
    f.checkbox("shared_with_municipal_vc", "Det samlade svaret har delgetts kommunernas verksamhetschefer",
               description="Krävs när remissvaret beretts i ett nätverk som saknar verksamhetschef.")
    out.append(f)

    f = F("vn-07-remissvar", "7. Samlat remissvar till SKR")
    f.textarea("consultation_answer", "Samlat remissvar", required=True)
    f.checklist("answer_shared_with", "Delges", [("lpo", "Berört LPO"),
                                                 ("verksamhetschefer", "Berörda verksamhetschefer inom RVN")])
    f.date("answer_sent", "Datum då svaret skickas till SKR", required=True)
    out.append(f)

    f = F("vn-11-prioritering", "11. Prioriteringsblankett")
    f.select("priority", "Prioritet", [("high", "Hög"), ("medium", "Medel"), ("low", "Låg")], required=True)
    f.textarea("affected", "Berörda patientgrupper och verksamheter")
    f.radio("proceed", "Hur hanteras kunskapsstödet vidare?", [
        ("now", "Gå vidare med fortsatt arbete nu"),
        ("not_now", "Inte just nu (11a): kontroll/omprioritering enligt LPO:s rutin")])
    f.date("recheck_date", "Datum för kontroll eller omprioritering (vid 'inte just nu')")
    f.textarea("priority_motivation", "Motivering")
    out.append(f)

    f = F("vn-12-beslutsunderlag", "12. Underlag till beslut och förslag till resurssättning av LAG")
    f.textarea("decision_basis", "Underlag till beslut (sammanfattning)", required=True)
    f.radio("lag_choice", "Förslag till LAG", [
        ("reactivate", "Återaktivera tidigare LAG"),
        ("reactivate_supplemented", "Återaktivera tidigare LAG med komplettering"),
        ("new", "Tillsätt ny LAG")])
    f.textfield("previous_lag", "Tidigare LAG (id), om återaktivering")
    f.text("Föreslå endast **funktioner**, inte personer.")
    f.dynamiclist("lag_functions", "Funktioner som behövs i LAG", lambda c: (
        f.textfield("function", "Funktion", required=True, into=c),
        f.textfield("profession", "Profession", into=c),
        f.select("principal_type", "Huvudman", [("region", "Regionen"), ("municipality", "Kommun"),
                                                 ("private", "Privat aktör")], into=c),
        f.number("count", "Antal", minimum=1, into=c)))
    out.append(f)

    f = F("vn-13-fordelning", "13. Samverkanskoordinatorn fördelar ärendet")
    f.radio("forum_type", "Ärendet fördelas till", [("lansledningen", "Länsledningen för HälSam"),
                                                    ("styrgrupp", "Styrgrupp inom Länsledningen")])
    f.select("steering_group", "Styrgrupp, om styrgrupp", values_key="steering_group_options",
             description="Styrgrupperna inom Länsledningen. Krävs när ärendet fördelas till en styrgrupp.")
    f.date("registered", "Anmält enligt HälSam Länslednings beslutsprocesser")
    out.append(f)

    f = F("vn-13-beslut-samverkan", "13. Fortsatt arbete inom samverkan?")
    f.radio("collaborate", "Beslut", [("yes", "Ja, fortsatt arbete inom samverkan"),
                                      ("no", "Nej, inte fortsatt arbete (13a)")])
    f.date("collaboration_decision_date", "Beslutsdatum", required=True)
    f.textarea("collaboration_motivation", "Motivering")
    out.append(f)

    f = F("vn-13a-regionen-ensam", "13a. Går regionen vidare med delar som inte berör kommunerna?")
    f.radio("continue_alone", "Regionens ställningstagande", [
        ("yes", "Ja, regionen går vidare enligt regionintern rutin"), ("no", "Nej, ärendet avslutas")])
    f.textarea("region_alone_parts", "Delar som regionen går vidare med")
    out.append(f)

    f = F("vn-14-resurssattning", "14. Beslut om resurssättning")
    f.radio("resourcing_decision", "Föreslagen resurssättning", [
        ("approved", "Godkänns enligt underlaget"), ("adjusted", "Godkänns med justeringar")])
    f.textarea("resourcing_adjustments", "Justeringar av funktioner")
    f.checklist("principals", "Berörda huvudmän", values_key="principal_options", required=True,
                description="Regionen och berörda kommuner: de utser sakkunniga (15) och beslutar om implementering (24).")
    f.date("appoint_by", "Sista dag för att utse personer")
    out.append(f)

    f = F("vn-15-utse-sakkunniga", "15. Utse sakkunniga till LAG")
    f.dynamiclist("appointed", "Utsedda sakkunniga", lambda c: (
        f.textfield("name", "Namn", required=True, into=c),
        f.textfield("function", "Funktion", required=True, into=c),
        f.textfield("profession", "Profession", into=c),
        f.textfield("unit", "Verksamhet", into=c)))
    f.textfield("appointed_by", "Utsett av (verksamhetschef)", required=True)
    out.append(f)

    f = F("vn-16-lag", "16. Sätt samman LAG")
    f.textfield("lag", "LAG (id i strukturen)", required=True, description="T.ex. vn-lag-depression-2026.")
    f.textarea("lag_assignment", "LAG:s uppdrag", required=True)
    f.date("lag_start", "Startdatum", required=True)
    f.date("lag_end", "Slutdatum", required=True)
    f.checklist("activated_lsg", "LSG inom kunskapsstyrningen som aktiveras", LSG_KS)
    out.append(f)

    f = F("vn-17-gap-konsekvensanalys", "17. Gap- och konsekvensanalys")
    f.textarea("current_state", "Nuläge", required=True)
    f.textarea("gaps", "Identifierade gap till önskat läge", required=True)
    f.textarea("consequences", "Konsekvenser", required=True)
    f.textarea("responsibility", "Ansvar (huvudman och funktion)", required=True)
    f.textarea("resources", "Resursbehov", required=True)
    f.textarea("phase_out", "Vad kan fasas ut")
    f.radio("analysis_recommendation", "LAG:s rekommendation", RECOMMENDATION)
    out.append(f)

    f = F("vn-17-lpo-synpunkter", "17. LPO:s synpunkter på analysen")
    f.radio("lpo_satisfied", "Är LPO nöjd med analysen?", [
        ("yes", "Ja, gå vidare (18)"), ("no", "Nej, tillbaka till LAG med synpunkter")])
    f.textarea("lpo_comments", "Synpunkter")
    out.append(f)

    f = F("vn-18-remiss-lsg", "18. Analysen på remiss till LSG HälSam")
    f.checkbox("networks_informed", "En kommunrepresentant har informerat relevanta nätverk och/eller samordnare")
    f.textarea("consulted_groups", "Berörda LSG inom HälSam och/eller särskild arbetsgrupp", required=True)
    f.date("consultation_due", "Svar senast", required=True)
    out.append(f)

    f = F("vn-19-lsg-svar", "19. Synpunkter från LSG HälSam")
    f.textarea("lsg_views", "Sammanställda synpunkter från LSG HälSam och/eller särskild arbetsgrupp",
               required=True)
    out.append(f)

    f = F("vn-20-justering", "20. LPO går igenom synpunkterna")
    f.textarea("adjustments", "Gjorda justeringar", required=True)
    out.append(f)

    f = F("vn-21-anmalan", "21. Anmälan till styrgrupp eller Länsledningen")
    f.textfield("presenter", "Föredragande (representant i LPO)", required=True)
    f.checklist("basis_clear_on", "Underlaget är tydligt vad gäller", [
        ("consequences", "Konsekvenser"), ("responsibility", "Ansvar"), ("resources", "Resurser"),
        ("recommendation", "Rekommendation om beslut")])
    f.radio("proposed_recommendation", "Föreslagen rekommendation", RECOMMENDATION)
    f.date("meeting_date", "Sammanträde")
    out.append(f)

    f = F("vn-22-presentation", "22. Presentation i styrgrupp eller Länsledningen")
    f.textarea("presentation_comments", "Synpunkter")
    f.radio("needs_completion", "Behöver underlaget kompletteras?", [
        ("yes", "Ja, tillbaka till LPO för komplettering"), ("no", "Nej, underlaget är klart")])
    f.textarea("statement", "Styrgruppens utlåtande till Länsledningen (när ärendet gått via styrgrupp)")
    out.append(f)

    f = F("vn-23-rekommendation", "23. Länsledningens rekommendation till huvudmännen")
    f.radio("recommendation", "Rekommendation", [
        ("fully", "Implementera helt på länsnivå"), ("partly", "Implementera delvis på länsnivå"),
        ("none", "Inte implementera på länsnivå (ingen rekommendation)")])
    f.textarea("recommendation_scope", "Vilka delar (vid delvis implementering)")
    f.date("recommendation_date", "Beslutsdatum", required=True)
    out.append(f)

    f = F("vn-24-huvudmannens-beslut", "24. Huvudmannens beslut om implementering")
    f.radio("decision", "Beslut", RECOMMENDATION)
    f.textfield("decided_by", "Beslutat av (instans eller funktion)", required=True)
    f.date("decision_date", "Beslutsdatum", required=True)
    f.select("decision_level", "Beslutsnivå", [("political", "Politisk nivå (nämnd/styrelse)"),
                                               ("management", "Förvaltningsledning"),
                                               ("operations", "Verksamhetsnivå")], required=True)
    f.textarea("decision_comment", "Kommentar (återkopplas via Länsledningsrepresentanten)")
    out.append(f)

    f = F("vn-25-genomforande", "25. Hur implementeringen kan göras")
    f.textarea("implementation_plan", "Länsledningens ställningstagande", required=True)
    f.textarea("joint_parts", "Länsgemensamma delar")
    f.textarea("phase_out_decision", "Vad som ska fasas ut och inte längre göras")
    out.append(f)

    f = F("vn-26-kompetens", "26. Inventering av kompetens i LAG")
    f.radio("lag_complete", "Är LAG komplett för implementeringen?", [
        ("yes", "Ja"), ("no", "Nej, komplettering behövs")])
    f.dynamiclist("missing_competence", "Kompetens som saknas", lambda c: (
        f.textfield("function", "Funktion", into=c),
        f.textfield("profession", "Profession", into=c),
        f.select("principal_type", "Huvudman", [("region", "Regionen"), ("municipality", "Kommun"),
                                                 ("private", "Privat aktör")], into=c)))
    out.append(f)

    f = F("vn-26-resursforfragan", "26. Förfrågan om resurser till verksamhetschefer")
    f.textarea("resources_provided", "Resurser som verksamhetscheferna har utsett", required=True)
    out.append(f)

    f = F("vn-27-uppdrag", "27. Uppdrag att starta implementeringen")
    f.textarea("implementation_assignment", "Uppdrag till LAG", required=True)
    f.date("implementation_start", "Start", required=True)
    f.date("implementation_end", "Planerat slut")
    out.append(f)

    f = F("vn-28-aktivitetsplan", "28. Aktivitets-, tids- och kommunikationsplan")
    f.dynamiclist("activities", "Aktiviteter", lambda c: (
        f.textfield("activity", "Aktivitet", required=True, into=c),
        f.select("scope", "Typ", [("joint", "Länsgemensam"), ("internal", "Intern hos en huvudman")],
                 required=True, into=c),
        f.textfield("principal", "Huvudman (id), om intern", into=c),
        f.textfield("responsible", "Ansvarig funktion", into=c),
        f.date("start", "Start", into=c),
        f.date("end", "Klart", into=c)))
    f.dynamiclist("phase_out_plan", "Utfasning", lambda c: (
        f.textfield("practice", "Arbetssätt eller metod som fasas ut", into=c),
        f.textfield("replaced_by", "Ersätts av", into=c),
        f.date("by", "Senast", into=c)))
    f.textarea("communication_plan", "Kommunikationsplan", required=True)
    f.checkbox("anchored_with_vc", "Planen är förankrad hos verksamhetschef (för LAG-medlem utan chefsmandat)")
    out.append(f)

    f = F("vn-29-forankring", "29. Förankring av planen i LPO")
    f.radio("plan_approved", "Är planen förankrad i LPO?", [("yes", "Ja"), ("no", "Nej, tillbaka till LAG")])
    f.textarea("plan_comments", "Synpunkter")
    out.append(f)

    f = F("vn-30-interna-aktiviteter", "30. Huvudmannens interna aktiviteter")
    f.select("internal_status", "Status", [("planned", "Planerad"), ("ongoing", "Pågår"), ("done", "Genomförd")],
             required=True)
    f.textarea("internal_report", "Hantering och förankring inom den egna organisationen", required=True)
    out.append(f)

    f = F("vn-31-fordela", "31. Fördela länsgemensamma insatser")
    f.radio("joint_group_type", "Insatserna fördelas till", [
        ("lansledningen", "Länsledningen själv"), ("special_group", "Särskild arbetsgrupp"), ("lsg", "LSG")])
    f.textfield("joint_group", "Grupp som utför insatserna (id i strukturen)", required=True)
    f.textarea("joint_assignments", "Fördelade insatser", required=True)
    out.append(f)

    f = F("vn-32-aterrapport", "32. Återrapport av delegerade aktiviteter")
    f.textarea("joint_report", "Återrapport till styrgrupp eller Länsledningen", required=True)
    f.checkbox("joint_done", "Aktiviteterna är genomförda")
    out.append(f)

    f = F("vn-33-uppfoljning", "33. Årlig uppföljning")
    f.dynamiclist("indicators", "Indikatorer", lambda c: (
        f.textfield("indicator", "Indikator", required=True, into=c),
        f.select("source", "Källa", [("quality_register", "Nationellt kvalitetsregister"),
                                     ("other_register", "Annat register"), ("other", "Annan")], into=c),
        f.number("value", "Utfall", into=c),
        f.number("target", "Målvärde", into=c),
        f.textfield("comment", "Kommentar", into=c)))
    f.checklist("followed_up", "Uppföljningen omfattar", [("own", "Huvudmännens egna insatser"),
                                                         ("joint", "Gemensamma insatser i samverkan")])
    f.textarea("followup_adjustments", "Behov av annan uppföljning eller justeringar")
    f.radio("continue_followup", "Fortsatt uppföljning", [
        ("yes", "Ja, följ upp igen om ett år"), ("no", "Nej, avsluta uppföljningen")])
    out.append(f)
    return out
