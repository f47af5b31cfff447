"""Every word a user reads, in English and Chinese: one catalogue for every layer (data,
assessment, planning and the app use it; of theirs it imports only the standards' indicator list).

``label(key, lang)`` gives the official Chinese wording of the evaluation's indicators, stages,
locations, roles and assessment parts, and the words of the charts, tables and reports; in English
it gives the labels the charts have always used (the indicators' from ``sim.assessment.standards``).

The indicator names follow the two national methods word for word:

* the 7 resource indicators of high-quality balance: 《县域义务教育优质均衡发展督导评估办法》
  (教督〔2017〕6号), 二、(一) 1-7;
* the 8 of basic balance: 《县域义务教育均衡发展督导评估暂行办法》 (教督〔2012〕3号), whose
  computers, books, 师生比 and title indicators are the four not among the seven above.
  The simulator counts some of them per 100 students where the 2012 text says 生均 or 师生比; a
  coefficient of variation does not change with that scale, so the official names stand.
"""

from sim.assessment.standards import BASIC, HIGH_QUALITY

LANGS = ("en", "zh")


_INDICATORS = {i.key: i for i in HIGH_QUALITY + BASIC}

#: Indicator key -> (official name, short name for tick labels and tables).
_INDICATOR_ZH = {
    # 教督〔2017〕6号, 二、(一)
    "teachers_above_degree": ("每百名学生拥有高于规定学历教师数", "高于规定学历教师"),
    "backbone_teachers": ("每百名学生拥有县级及以上骨干教师数", "县级及以上骨干教师"),
    "pe_art_teachers": ("每百名学生拥有体育、艺术（美术、音乐）专任教师数", "体育、艺术专任教师"),
    "teaching_space_m2": ("生均教学及辅助用房面积", "教学及辅助用房面积"),
    "sports_area_m2": ("生均体育运动场馆面积", "体育运动场馆面积"),
    "equipment_yuan": ("生均教学仪器设备值", "教学仪器设备值"),
    "multimedia_rooms": ("每百名学生拥有网络多媒体教室数", "网络多媒体教室"),
    # 教督〔2012〕3号: the four of basic balance not among the seven
    "computers": ("每百名学生拥有计算机台数", "计算机"),
    "books": ("生均图书册数", "图书"),
    "teachers": ("师生比", "师生比"),
    "senior_title_teachers": ("生均中级及以上专业技术职务教师数", "中级及以上职称教师"),
}

#: key -> (English, Chinese). English strings are exactly those the charts drew before Chinese
#: existed (the English PNGs stay byte-identical); ``{fields}`` are filled by ``label``.
_WORDS = {
    # stages, locations, roles (agents.school), the assessment's four parts (sim.assessment.whole)
    "primary": ("primary", "小学"),
    "junior": ("junior", "初中"),
    "urban": ("urban", "城区"),
    "township": ("township", "镇区"),
    "village": ("village", "乡村"),
    "core": ("core", "牵头校"),
    "member": ("member", "成员校"),
    "teaching_point": ("teaching point", "教学点"),
    "resources": ("resource allocation", "资源配置"),
    "government": ("government assurance", "政府保障程度"),
    "quality": ("education quality", "教育质量"),
    "recognition": ("social recognition", "社会认可度"),
    # what a new school or a merged teaching point moves (the plan's actions)
    "pupils": ("pupils", "学生"),
    "music_rooms": ("music rooms", "音乐专用教室"),
    "art_rooms": ("art rooms", "美术专用教室"),
    "staff": ("teachers", "专任教师"),
    # the balance report (sim.assessment.balance)
    "bal_county": ("{county} ({path}): {n} school parts as evaluated", "{county}（{path}）：按评估口径 {n} 个学校（学段）"),
    "bal_stage": ("{stage}: {n} schools, {pupils} pupils", "{stage}：{n} 所学校，在校生 {pupils} 人"),
    "bal_head": ("indicator|CV|limit|mean|standard|unit|below standard", "指标|差异系数|阈值|县域均值|标准值|单位|未达标学校"),
    "bal_rule": ("schools meeting 6 of 7 standards (rest >= 85 %): {met} of {n}",
                 "至少6项指标达标、其余不低于标准85%的学校：{met} / {n} 所"),
    "bal_hq": ("high-quality balance: {verdict}", "优质均衡（资源配置）：{verdict}"),
    "bal_basic": ("basic balance composite CV: {cv}  ->  {verdict}", "基本均衡综合差异系数：{cv}  ->  {verdict}"),
    "bal_na": ("n/a (basic-balance columns missing)", "无法计算（缺少基本均衡所需列）"),
    "bal_whole": ("whole assessment (2017 method, 4 parts): {verdict}", "县域义务教育优质均衡评估（2017年办法，四个方面）：{verdict}"),
    "bal_fails": ("fails {item}: {where}", "未达标 {item}：{where}"),
    "bal_more": ("... {n} more", "……另有 {n} 项"),
    "bal_not_in_table": ("not assessed (not in the table)", "未评估（表中无此数据）"),
    "bal_no_data": ("not assessed (no data)", "未评估（无数据）"),
    "bal_veto": ("veto: {items}", "一票否决：{items}"),
    "bal_declared": ("(declared items come from --scenario or --declared; docs/model.md 6.27)",
                     "（申报项目由 --scenario 或 --declared 提供；见 docs/model.md 6.27）"),
    "pass_lower": ("PASS", "达标"),
    "fail_lower": ("fail", "未达标"),
    "per 100 students": ("per 100 students", "每百名学生"),
    "m2 per student": ("m2 per student", "生均平方米"),
    "yuan per student": ("yuan per student", "生均元"),
    # the plan's summary sheet (sim.planning.summary)
    "plan_summary": ("summary", "方案摘要"),
    "plan_by_school": ("by school", "分校措施"),
    "plan_item": ("item", "项目"),
    "plan_value": ("value", "内容"),
    "plan_status": ("status", "方案状态"),
    "plan_cost_yuan": ("total cost (yuan)", "总费用（元）"),
    "plan_cost_move_teacher": ("teachers moved (yuan)", "调配教师费用（元）"),
    "plan_simple_rule_yuan": ("the simple rule's cost: every school to every standard on its own (yuan)",
                              "简单做法费用：每校各自补足全部标准（元）"),
    "plan_cost_hire": ("teachers hired into open posts (yuan a year)", "招聘教师费用（元/年）"),
    "plan_cost_designate": ("backbone teachers designated (yuan a year)", "认定骨干教师费用（元/年）"),
    "plan_cost_hire_new_post": ("teachers hired into new posts beyond the norm (yuan a year)",
                                "新增编制招聘教师费用（元/年）"),
    "plan_cost_train_backbone": ("teachers trained to city- or province-level backbone (yuan)",
                                 "培养市级、省级骨干教师费用（元）"),
    "plan_cost_upgrade": ("teachers' degrees upgraded (yuan)", "在职学历提升费用（元）"),
    "plan_cost_buy": ("equipment and rooms bought (yuan)", "设备与多媒体教室购置费用（元）"),
    "plan_cost_build": ("teaching space and sports ground built (yuan)", "校舍与运动场建设费用（元）"),
    "plan_cost_build_hall": ("indoor sports halls built where the site has no land (yuan)",
                             "室内体育馆建设费用（校内无空地，元）"),
    "plan_cost_merge_point": ("teaching points merged into their school: transport or boarding (yuan a year)",
                              "教学点并入所属学校：交通或寄宿费用（元/年）"),
    "plan_cost_open_school": ("land for new schools taking pupils over the size limit (yuan)",
                              "新建学校用地费用（分流超规模学校学生，元）"),
    "plan_spare_teachers": ("spare teachers of each kind at every school", "每校每类富余教师（人）"),
    "plan_margin": ("margin below each CV threshold", "差异系数安全余量"),
    "plan_cvs_before": ("{stage}: all 7 CVs within their thresholds, before", "{stage}：7项差异系数均达标（实施前）"),
    "plan_cvs_after": ("{stage}: all 7 CVs within their thresholds, after", "{stage}：7项差异系数均达标（实施后）"),
    "plan_passes_today": ("{stage}: high-quality test on the patched table", "{stage}：实施后优质均衡（当年）"),
    "plan_part": ("{stage}: verdict before -> after", "{stage}：实施前 -> 实施后"),
    "plan_part_failing": ("{stage}: items still failing (not in the plan's reach)", "{stage}：仍未达标的项目（方案未涉及）"),
    "plan_part_to_secure": ("{stage}: items the table cannot show, to secure and declare",
                            "{stage}：表中无数据、需另行落实并申报的项目"),
    "plan_next_year": ("P(still passing next year, status quo)", "次年仍达标的概率（现状模拟）"),
    # the pathway (sim.planning.pathway): its summary sheet, tables and chart
    "pw_summary": ("summary", "路径摘要"),
    "pw_schedule": ("actions", "分年措施"),
    "pw_cost_by_year": ("cost by year", "分年费用"),
    "pw_p_by_year": ("P(pass) by year", "分年达标概率"),
    "pw_candidates": ("schedules tried", "备选方案"),
    "pw_futures": ("futures", "情景抽样"),
    "pw_county": ("county", "县（市、区）"),
    "pw_target": ("target year (must also pass the two years after)", "计划通过年份（其后两年须仍达标）"),
    "pw_level": ("share of futures it must hold in", "须达标的情景比例"),
    "pw_found": ("schedule found", "是否找到路径"),
    "pw_levers": ("levers chosen", "选定的政策参数"),
    "pw_p_hold": ("share of futures passing the whole assessment in every judged year", "评估年及其后两年均整体达标的情景比例"),
    "pw_p_fresh": ("the same on fresh futures (not searched on)", "在新抽样情景中的同一比例（未参与搜索）"),
    "pw_cost": ("cost over the horizon, mean over futures (yuan)", "整个期间的费用，各情景平均（元）"),
    "pw_cost_actions": ("of which the start year's actions (yuan)", "其中：起始年措施（元）"),
    "pw_cost_policies": ("of which the policies (yuan)", "其中：政策（元）"),
    "pw_regret": ("regret against each future's cheapest passing schedule: median / max (yuan)",
                  "相对各情景最便宜达标方案的遗憾值：中位数／最大值（元）"),
    "pw_reference": ("the full ready scenario plus the plan: cost (yuan) and share held", "完整既定情景加达标方案：费用（元）与达标比例"),
    "pw_breaks": ("where it fails", "何种情况下失败"),
    "pw_adapt": ("the cheapest change that recovers those futures", "可挽回这些情景的最经济调整"),
    "pw_stubborn": ("items no lever of the search moves enough", "搜索范围内任何政策参数都无法充分改善的项目"),
    "pw_assumed": ("declared items taken as met (the county must secure and declare them)", "假定已达到的申报项目（须由县里落实并申报）"),
    "lever:margin": ("margin", "安全余量"),
    "lever:spare_teachers": ("spare teachers", "每校每类富余教师"),
    "lever:size_headroom": ("size headroom", "学校规模预留"),
    "lever:exchange_rate": ("exchange rate", "交流轮岗比例"),
    "pw_not_run": ("schedules not run, and why", "未能模拟的方案及原因"),
    "pw_searched": ("schedules run / tried, futures, seconds", "已模拟／备选方案数、情景数、用时（秒）"),
    "pw_whole": ("whole assessment", "整体评估"),
    "pw_title": ("{county}: pathway to {by}", "{county}：{by}年优质均衡达标路径"),
    "pw_title_p": ("P(pass) by year: the whole assessment and each part (90 % band)", "分年达标概率：整体评估及四个方面（90%区间）"),
    "pw_title_front": ("Cost against the share of futures held", "费用与达标情景比例"),
    "pw_axis_cost": ("cost to {year}, million yuan", "至{year}年费用（百万元）"),
    "pw_axis_share": ("share of futures passing {by}-{last}", "{by}—{last}年均达标的情景比例"),
    "pw_chosen": ("chosen", "选定方案"),
    "pw_front": ("Pareto front", "帕累托前沿"),
    "pw_other": ("other schedules", "其他方案"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    "optimal": ("optimal", "最优"),
    "infeasible": ("infeasible", "无可行方案"),
    "time limit": ("time limit reached", "达到时间上限"),
    "round limit": ("round limit reached", "达到迭代上限"),
    # words of the evaluation and the charts
    "cv": ("CV", "差异系数"),
    "between_school_cv": ("between-school CV", "校际差异系数"),
    "composite_cv": ("composite CV", "综合差异系数"),
    "threshold": ("threshold", "阈值"),
    "standard": ("standard", "标准"),
    "p_pass": ("probability of passing", "达标概率"),
    "year": ("year", "年份"),
    "school_year": ("school year (autumn census)", "学年（秋季开学统计）"),
    "urban_rural_gap": ("urban-rural quality gap", "城乡教育质量差距"),
    "median": ("median", "中位数"),
    "band": ("10-90 % band", "10%–90%区间"),
    "high_quality_balance": ("high-quality balance", "优质均衡"),
    "basic_balance": ("basic balance", "基本均衡"),
    "policy_cost": ("policy cost", "政策成本"),
    "policies": ("policies", "实施政策"),
    "no_policy": ("no policy", "无政策"),
    "scenario": ("scenario", "情景"),
    "replicates": ("replicates", "重复模拟"),
    "share_of_replicates": ("share of replicates", "重复模拟占比"),
    "n/a": ("n/a", "无"),
    "none": ("none", "无"),
    "million_yuan": ("million yuan", "百万元"),
    "pupil_sd": ("pupil SD", "学生标准差"),
    # forecast.png
    "title.cv": ("CV: {name}\n({unit})", "{name}\n校际差异系数"),
    "title.basic_cv": ("Basic balance: composite CV (8 indicators)", "基本均衡：综合差异系数（8项指标）"),
    "flag.assessment": ("whole assessment (4 parts)", "整体评估（4个方面）"),
    "flag.resources": ("1 resources (CVs + 6 of 7)", "1 资源配置（差异系数＋7项中6项达标）"),
    "flag.government": ("2 government assurance", "2 政府保障程度"),
    "flag.quality": ("3 education quality", "3 教育质量"),
    "flag.recognition": ("4 social recognition", "4 社会认可度"),
    "flag.all_cvs": ("resources: all 7 CVs", "资源配置：7项差异系数均达标"),
    "flag.basic": ("basic balance", "基本均衡"),
    "flag.other_convention": ("x: {name}, {at}", "×：{name}，{at}"),
    "counted.host": ("exchange teachers at host", "交流教师计入流入校"),
    "counted.home": ("exchange teachers at home", "交流教师计入派出校"),
    "title.p_pass": ("Probability of passing (share of replicates)", "达标概率（达标的重复模拟占比）"),
    "title.school_rule": ("Share of schools meeting 6 of 7 standards\n(the rest >= 85 %; all must for the test)",
                          "7项指标中至少6项达到标准的学校占比\n（余项不低于标准的85%；须所有学校达到）"),
    "gap": ("gap", "差距"),
    "title.gap": ("Urban minus rural mean quality\n(pupil SD of yearly learning)",
                  "城乡教育质量差距（城区均值减乡村均值）\n（以学生年度学习增量的标准差计）"),
    "info.scenario": ("scenario: {name}", "情景：{name}"),
    "info.replicates": ("replicates: {replicates}   seed: {seed}", "重复模拟：{replicates}次   随机种子：{seed}"),
    "info.policies": ("policies:", "政策："),
    "info.bands": ("bands: 10-90 % of replicates; line: median", "色带：重复模拟的10%–90%区间；折线：中位数"),
    "info.dashed": ("dashed: pass threshold (CV at or below)", "虚线：达标阈值（差异系数不高于该值）"),
    "synthetic": (("SYNTHETIC school data:\nsizes and resources drawn from\ndocumented distributions,\n"
                   "not the county's real table"),
                  "模拟生成的学校数据：\n学校规模与资源按文档所述分布抽取，\n并非本县实际学校数据"),
    "subject.table": ("Policies of scenario '{name}' on the schools of {table}", "情景“{name}”的政策作用于{table}中的学校"),
    "subject.scenario": ("{name}", "情景“{name}”"),
    "p_dodged": ("lines drawn {step} apart to be seen", "各线上下错开 {step} 以便分辨"),
    "subject.table_status_quo": ("The status quo (no new policy) on the schools of {table}", "现状（不加新政策）：{table}中的学校"),
    "title.forecast": ("{title}\nOfficial balance indices to {year}", "{title}\n义务教育均衡发展督导评估指标预测（至{year}年）"),
    # compare.png
    "title.binding_ratio": (("Largest high-quality CV / its threshold (median)\n(solid: policies; dotted: no policy; "
                             "all 7 CVs pass at or below 1)"),
                            ("优质均衡各项差异系数与其阈值之比的最大值（中位数）\n（实线：实施政策；点线：无政策；"
                             "不高于1时7项差异系数均达标）")),
    "cv_over_threshold": ("CV / threshold", "差异系数／阈值"),
    "title.binding_cv": ("CV of the indicator binding without policies, {year} (median)",
                         "无政策时最难达标指标的差异系数，{year}年（中位数）"),
    "bar.whole_policies": ("whole, policies", "整体评估，实施政策"),
    "bar.whole_no_policy": ("whole, no policy", "整体评估，无政策"),
    "bar.all_cvs": ("all 7 CVs", "7项差异系数"),
    "bar.resources": ("1 resources", "1 资源配置"),
    "bar.government": ("2 government", "2 政府保障程度"),
    "bar.quality": ("3 quality", "3 教育质量"),
    "bar.recognition": ("4 recognition", "4 社会认可度"),
    "title.p_parts": ("Probability of passing in {year}: the whole assessment\nand (with policies) each part",
                      "{year}年达标概率：整体评估\n及（实施政策时）各个方面"),
    "title.gap_year": ("Urban minus rural quality in {year}", "{year}年城乡教育质量差距（城区减乡村）"),
    "title.diversity": ("Diversity of members' specialities in {year}\n(lower: members copy their lead school)",
                        "{year}年成员校办学特色的多样性\n（越低：成员校越趋同于牵头校）"),
    "diversity_axis": ("half L1 distance to the lead school", "与牵头校的L1距离之半"),
    "bar.cost": ("cost", "成本"),
    "title.cost": ("Policy cost to {year} (median)", "至{year}年的政策成本（中位数）"),
    "bar.full_test": ("full test", "资源配置全部要求"),
    "title.cost_per_point": ("Cost per percentage point of P(pass) gained\n(n/a: no gain)",
                             "达标概率每提高1个百分点的成本\n（无：未提高）"),
    "axis.cost_per_point": ("million yuan per percentage point", "百万元／百分点"),
    "bar.cost_binding": ("cost per binding CV", "最难达标指标差异系数的降低成本"),
    "title.cost_binding": (("Cost per 0.01 reduction of the binding CV\n(the indicator binding without policies; "
                            "n/a: no reduction)"),
                           "最难达标指标的差异系数每降低0.01的成本\n（无政策时最难达标的指标；无：未降低）"),
    "axis.cost_binding": ("million yuan per 0.01 of CV", "百万元／0.01差异系数"),
    "bar.cost_gap": ("cost per gap", "城乡差距的缩小成本"),
    "title.cost_gap": ("Cost per 0.01 narrowing of the urban-rural gap\n(n/a: no narrowing)",
                       "城乡差距每缩小0.01的成本\n（无：未缩小）"),
    "axis.cost_gap": ("million yuan per 0.01 pupil SD", "百万元／0.01学生标准差"),
    "title.compare": (("Scenarios compared, each against its own no-policy counterfactual (same seeds)\n"
                       "Counties differ (synthetic data unless a table was given): compare effects and costs, not levels"),
                      ("各情景与其自身无政策的反事实情形对比（相同随机种子）\n"
                       "各县情况不同（未提供学校数据表时为模拟数据）：比较政策的效果与成本，而非水平")),
    # marginal.png (compare --marginal)
    "axis.points": ("percentage points", "百分点"),
    "title.marginal_p": ("Effect on P(pass: {test})\n(full scenario minus without the policy)",
                         "对达标概率（{test}）的影响\n（完整情景减去去掉该政策的情景）"),
    "title.marginal_cost": ("Cost to {year} (full minus without)", "至{year}年的成本（完整情景减去去掉该政策的情景）"),
    "title.marginal_binding": ("Effect on the largest CV / its threshold\n(negative: closer to passing)",
                               "对最大差异系数与其阈值之比的影响\n（负值：更接近达标）"),
    "title.marginal_gap": ("Effect on the urban-rural gap\n(negative: narrower)", "对城乡教育质量差距的影响\n（负值：差距缩小）"),
    "title.marginal_per_point": ("Cost per percentage point of P(pass)\n(n/a: the effect's interval includes 0)",
                                 "达标概率每提高1个百分点的成本\n（无：效果区间包含0）"),
    "title.marginal": (("{name}: what each policy adds, {year} ({replicates} replicates, same seeds; points: mean, "
                        "bars: 90 % paired bootstrap interval)"),
                       "{name}：各项政策的边际作用，{year}年（{replicates}次重复模拟，相同随机种子；点：均值，线段：90%配对自助法区间）"),
    "stage_in": ("{name} ({stage})", "{name}（{stage}）"),
    # many counties (sim.region)
    "criterion.assessment": ("whole assessment", "优质均衡发展督导评估"),
    "criterion.resources": ("resource allocation", "资源配置"),
    "criterion.cvs": ("all 7 CVs", "7项差异系数全部达标"),
    "title.region_heat": ("P(pass: {criterion}) by county and year; counties sorted by the first year P >= {level}",
                          "各县各年达标概率（{criterion}）；按达标概率首次不低于{level}的年份排序"),
    "axis.county": ("county", "县（市、区）"),
    "colorbar.p_pass": ("P(pass)", "达标概率"),
    "marker.target": ("target year", "计划通过年份"),
    "title.region_share": ("Counties passing by year ({criterion})", "各年达标县的比例（{criterion}）"),
    "line.expected_share": ("expected share passing", "预期达标比例"),
    "line.expected_share_at": ("expected share passing, {at}", "预期达标比例，{at}"),
    "line.reaching_level": ("share with P(pass) >= {level}", "达标概率不低于{level}的县的比例"),
    "line.planned": ("timetable: share planned to have passed", "规划：计划已通过的县的比例"),
    "axis.share": ("share of counties", "县的比例"),
    "title.allocate": ("Counties passing in their target year, by allocation rule ({criterion}; mean and 10-90 % of "
                       "replicates)", "按分配规则，在计划年份达标的县数（{criterion}；均值及10%-90%区间）"),
    "axis.counties_passing": ("counties passing", "达标县数"),
    "rule.none": ("no programme", "无专项"),
    "rule.pro_rata": ("pro rata to pupils", "按学生数比例"),
    "rule.shortfall": ("to the largest shortfall", "按缺口大小"),
    "rule.closest": ("to the counties closest to passing", "优先最接近达标的县"),
    "rule.optimised": ("optimised", "优化分配"),
    # verdicts and models of `edusim validate` (sim/experiments/validation/checks.py)
    "PASS": ("PASS", "通过"),
    "FAIL": ("FAIL", "未通过"),
    "INCOMPLETE": ("INCOMPLETE", "数据不全"),
    "NOT DISCRIMINATING": ("NOT DISCRIMINATING", "无区分力"),
    "info": ("info", "参考"),
    "model": ("model", "模型"),
    "tie": ("tie", "相同"),
    "no_programme": ("null: no programme", "零模型：无改薄工程"),
    "persistence": ("null: persistence", "零模型：维持不变"),
}

#: Policy types (sim.policies.REGISTRY) -> Chinese, as ``policy:<type>``; English is the type id.
_POLICY_ZH = {
    "pairing": "结对帮扶",
    "six_unified": "六统一管理",
    "teacher_exchange": "教师交流轮岗",
    "leader_exchange": "校长干部交流轮岗",
    "entrusted_management": "委托管理",
    "bundled_assessment": "捆绑考核",
    "resource_sharing": "资源共享",
    "network_school": "网络联校（同步课堂）",
    "mentoring": "师徒结对",
    "travelling_teachers": "走教",
    "pair_secondment": "挂职跟岗交流",
    "novice_training": "新教师跟岗培训",
    "teacher_pool": "教师周转池",
    "recruitment": "招聘优秀毕业生",
    "rural_allowance": "乡村教师生活补助",
    "backbone_designation": "县级骨干教师认定（扩额并向未达标学校倾斜）",
    "pay_parity": "教师工资不低于公务员",
    "capital_programme": "校舍与装备投入",
    "consolidation": "撤并小规模学校",
    "funding_shortfall": "经费不到位",
    "weak_incentives": "绩效激励不足",
}


#: The assessment's items (sim.assessment.whole COMPUTED and declared DECLARED) in Chinese: short names
#: written after the 2017 method's items (教督〔2017〕6号), not its own text; the English keeps the key.
_ITEM_ZH = {
    "resource_cvs": "资源配置7项指标校际差异系数", "school_standards": "每所学校至少6项指标达标、其余不低于85%",
    "special_rooms": "音乐、美术专用教室（每12个班各1间）", "school_size": "学校规模（不超过2000人，九年一贯制2500人）",
    "class_size": "班额（小学不超过45人、初中不超过50人）", "small_school_funding": "小规模学校按100人拨付公用经费",
    "training_hours": "教师5年360学时培训", "exchange_rate": "教师交流轮岗比例（不低于10%）",
    "exchange_backbone": "交流轮岗中骨干教师比例（不低于20%）", "certified": "教师持证上岗",
    "training_funds": "培训经费占公用经费比例（不低于5%）", "monitoring_level": "义务教育质量监测达到Ⅲ级以上",
    "difference_rate": "质量监测校际差异率（低于0.15）", "network_planned": "义务教育学校布局规划",
    "unified_standards": "城乡统一的学校建设、编制、经费、装备标准", "special_ed_funds_yuan": "特殊教育生均公用经费（不低于6000元）",
    "teacher_pay_parity": "教师平均工资不低于当地公务员", "staffing_allocated": "县域内统筹分配教职工编制",
    "catchment_urban": "城区学校划片就近入学", "catchment_town": "镇区学校划片就近入学",
    "senior_quota_share": "优质高中招生名额分配到初中（不低于50%）", "migrant_public_share": "随迁子女在公办学校和政府购买学位就读比例",
    "left_behind_care": "留守儿童关爱体系", "junior_retention": "初中三年巩固率（不低于95%）",
    "disabled_enrolment": "残疾儿童少年入学率（不低于95%）", "charter_and_it": "学校章程与管理信息化",
    "ict_in_teaching": "教师信息技术应用", "moral_education": "德育与校园文化", "full_curriculum": "开齐开足课程",
    "no_excess_homework": "课业负担", "satisfaction": "社会认可度（满意度不低于85%）",
}


def item(key: str, lang: str) -> str:
    """An assessment item's name: its key in English, its Chinese wording (or its key) in Chinese."""
    return _ITEM_ZH.get(key, key) if check_lang(lang) == "zh" else key


def keys() -> list[str]:
    """Every key ``label`` knows."""
    return [*_INDICATORS, *_WORDS, *(f"policy:{t}" for t in _POLICY_ZH)]


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: one of {', '.join(LANGS)}")
    return lang


def label(key: str, lang: str = "en", short: bool = False, **fields) -> str:
    """The wording of ``key`` in ``lang`` ("en" or "zh"), ``{fields}`` filled in.

    ``key`` is an indicator key of ``sim.assessment.standards`` (``short`` gives a name fit for a
    tick label), a stage, location, role or assessment part, ``policy:<type>``, or a chart word.
    """
    zh = check_lang(lang) == "zh"
    if key in _INDICATORS:
        text = _INDICATOR_ZH[key][1 if short else 0] if zh else _INDICATORS[key].label
    elif key in _WORDS:
        text = _WORDS[key][zh]
    elif key.startswith("policy:") and key[7:] in _POLICY_ZH:
        text = _POLICY_ZH[key[7:]] if zh else key[7:]
    else:
        raise KeyError(f"no wording for {key!r}")
    return text.format(**fields) if fields else text
