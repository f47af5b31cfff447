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
    # what a key of a scenario, an experiment or a calibration must be ("key_shape")
    "shape.policies": ("a list of [[policies]] tables", "由 [[policies]] 表组成的列表"),
    "shape.communities": ("a list of [[communities]] tables", "由 [[communities]] 表组成的列表"),
    "shape.params": ("a [params] table", "一个 [params] 表"),
    "shape.declared": ("a [declared] table", "一个 [declared] 表"),
    "shape.layout": ("a [layout] table", "一个 [layout] 表"),
    "shape.groups": ("a list of tables ([[layout.groups]])", "由表组成的列表（[[layout.groups]]）"),
    "shape.outcomes": ("a list of yearly.csv column names", "由 yearly.csv 列名组成的列表"),
    "shape.columns": ("a non-empty list of yearly.csv column names", "由 yearly.csv 列名组成的非空列表"),
    # the file an error is about ("what" of not_regular, file_missing, toml_*)
    "toml.scenario": ("scenario", "情景"),
    "toml.declared": ("--declared", "--declared 申报项目"),
    "toml.calibration": ("calibration", "校准"),
    "toml.experiment": ("experiment", "实验"),
    "toml.override": ("override", "各县政策"),
    "file.run_table": ("run's table", "运行结果表"),
    "file.sweep_table": ("sweep's table", "扫描结果表"),
    "file.record": ("record", "运行记录"),
    "file.table": ("table (.csv or .xlsx)", "学校表（.csv或.xlsx）"),
    # what a column's unit measures ("unit_dimension")
    "dim.money": ("money", "金额"),
    "dim.area": ("area", "面积"),
    "dim.books": ("books", "图书"),
    "dim.count": ("a count", "人数或个数"),
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
    # the printed table of `edusim compare` (sim.experiments.compare.summarise)
    "p_assessment_host": ("P(whole assessment), exchange teachers at their host", "整体达标概率（交流教师计入接收校）"),
    "p_assessment_home": ("P(whole assessment), exchange teachers at home", "整体达标概率（交流教师计入派出校）"),
    "p_assessment_no_policy": ("P(whole assessment), no policy", "整体达标概率（无政策）"),
    "p_government": ("P(government assurance)", "政府保障程度达标概率"),
    "p_quality": ("P(education quality)", "教育质量达标概率"),
    "p_all_cvs_pass_host": ("P(all 7 CVs pass), at host", "7项差异系数全部达标概率（计入接收校）"),
    "p_all_cvs_pass_home": ("P(all 7 CVs pass), at home", "7项差异系数全部达标概率（计入派出校）"),
    "p_all_cvs_pass_no_policy": ("P(all 7 CVs pass), no policy", "7项差异系数全部达标概率（无政策）"),
    "p_high_quality_host": ("P(high-quality resource test), at host", "资源配置达标概率（计入接收校）"),
    "p_high_quality_home": ("P(high-quality resource test), at home", "资源配置达标概率（计入派出校）"),
    "binding_indicator": ("binding indicator", "约束性指标"),
    "binding_cv": ("binding CV", "约束性指标差异系数"),
    "binding_cv_no_policy": ("binding CV, no policy", "约束性指标差异系数（无政策）"),
    "total_cost_yuan": ("total cost (yuan)", "总费用（元）"),
    "yuan_per_point_p_all_cvs_pass_host": ("yuan per point of P(all CVs pass), at host",
                                           "7项差异系数达标概率每提高1个百分点的费用（元，计入接收校）"),
    "yuan_per_point_p_all_cvs_pass_home": ("yuan per point of P(all CVs pass), at home",
                                           "7项差异系数达标概率每提高1个百分点的费用（元，计入派出校）"),
    "yuan_per_point_p_high_quality": ("yuan per point of P(high-quality resource test)",
                                      "资源配置达标概率每提高1个百分点的费用（元）"),
    "yuan_per_0.01_binding_cv": ("yuan per 0.01 off the binding CV", "约束性指标差异系数每降低0.01的费用（元）"),
    # the plan's summary sheet (sim.planning.summary)
    "plan_summary": ("summary", "方案摘要"),
    "plan_by_school": ("by school", "分校措施"),
    "plan_data_year": ("year of the data", "数据年份"),
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
    "pw_levers_best": ("levers of the schedule holding most often (none holds)", "达标最多的方案的政策参数（均未达到要求）"),
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
    "lever:upkeep": ("yearly upkeep", "逐年补齐"),
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
    "counted.host": ("exchange teachers at host", "交流教师计入接收校"),
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
    "vh.quantity": ("quantity", "指标"),
    "vh.observed": ("observed", "观测值"),
    "vh.simulated": ("simulated", "模拟值"),
    "vh.error": ("error", "误差"),
    "vh.tolerance": ("tolerance", "容差"),
    "vh.status": ("status", "结论"),
    "vh.null_error": ("{name} (error)", "{name}（误差）"),
    "vh.closer": ("closer", "更接近者"),
    "vh.band": ("band", "区间"),
    "vh.spread": ("spread:", "离散程度："),
    "vh.sources": ("sources:", "来源："),
    "vh.notes": ("notes:", "说明："),
    # `edusim ledger` (sim/experiments/ledger.py)
    "lg.columns": ("policy|scenario|measure|effect|gap effect|evidence range|inside|source",
                   "政策|情景|度量|效果|差距效果|证据范围|是否在范围内|来源"),
    "lg.range": ("{low:+.2f} to {high:+.2f}", "{low:+.2f}至{high:+.2f}"),
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
    "standards_upkeep": "逐年补齐学校师资缺口（招聘与骨干认定）",
    "intake_cap": "城区学校按规模上限控制招生",
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


def term(key: str, lang: str, kind: str = "") -> str:
    """A key as the user reads it: itself in English (the word the user types: a rule, a part, a
    criterion), in Chinese the wording ``label`` gives ``kind + key`` (``kind``: "rule.", ...)."""
    return label(kind + key, lang) if check_lang(lang) == "zh" else key


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


#: What the school-table reader (sim.data.schooltable) tells the user, key -> (English, Chinese), in
#: the table's own language (Chinese when its headers are): ``say`` fills the ``{fields}``. Each
#: ``{where}`` is a file, sheet and row (and the school); each ``{field}`` the header as the user
#: wrote it. tests/test_lang.py walks every key in both languages.
_MESSAGES = {
    # notes: what the reader did
    "sheet_hidden": ("sheet '{sheet}' skipped: hidden in the workbook (unhide it to have it read)",
                     "工作表“{sheet}”已跳过：在工作簿中被隐藏（取消隐藏后才会读取）"),
    "sheet_no_header": ("sheet '{sheet}' skipped: no header row with the table's columns",
                        "工作表“{sheet}”已跳过：没有包含本表各列的表头行"),
    "title_rows": ("{where}: skipped {n} title row(s) above the header: {title!r}",
                   "{where}：已跳过表头上方的{n}行标题：“{title}”"),
    "ignored_columns": ("{where}: ignored column(s) not in the schema: {columns}",
                        "{where}：已忽略表式以外的列：{columns}"),
    "did_you_mean": ("'{header}' (did you mean '{close}'?)", "“{header}”（是否应为“{close}”？）"),
    "same_column": ("'{header}' (the same column as '{kept}', kept)", "“{header}”（与保留的“{kept}”为同一列）"),
    "ratio_copy": ("'{header}' (a per-pupil ratio; the total '{total}' is used)", "“{header}”（生均比值；使用总数列“{total}”）"),
    "data_year": ("{path}: the data's year taken as {year} from '{said}'", "{path}：数据年份按“{said}”取为{year}年"),
    "data_year_unknown": ("{path}: the table names no year (in its title, a date row or its file name); --year gives it",
                          "{path}：表中未注明年份（标题、填报日期或文件名中均无）；可用 --year 指定"),
    "rows_hidden": ("{where}: {n} row(s) hidden in the sheet were read like the other rows (rows {rows}); "
                    "delete a row that is not one", "{where}：工作表中有{n}行被隐藏，已与其他行一样读取（第{rows}行）；"
                    "不是学校的行请删除"),
    "columns_hidden": ("{where}: {n} column(s) hidden in the sheet were read like the others: {columns}",
                       "{where}：工作表中有{n}列被隐藏，已与其他列一样读取：{columns}"),
    "read_gbk": ("{path}: read as GBK/GB18030 text", "{path}：按GBK/GB18030编码读取"),
    "invisible": ("removed invisible marks (zero-width spaces, direction marks, control characters) from {n} name "
                  "cell(s), e.g. {first}", "已删除{n}个名称单元格中的不可见字符（零宽空格、方向标记、控制字符等），例如{first}"),
    "dashes": ("read {n} cell(s) written as a dash or a slash as 0 (none), e.g. {first}",
               "{n}个以“—”或“/”填写的单元格按0（无）读取，例如{first}"),
    "column_numbers": ("{where}: skipped the column-number row (栏次)", "{where}：已跳过栏次行"),
    "total_row": ("{where}: skipped a total row ({text})", "{where}：已跳过合计行（{text}）"),
    "footnote_row": ("{where}: skipped a footnote row ({text})", "{where}：已跳过表尾说明行（{text}）"),
    "nine_year_split": ("{where}: nine-year school split into primary ({a:,.0f} pupils) and junior ({b:,.0f}); shared "
                        "counts {share:.3f} : {rest:.3f} (junior pupils weighted {weight})",
                        "{where}：九年一贯制学校拆分为小学部（{a:,.0f}人）和初中部（{b:,.0f}人）；共用资源按{share:.3f} : "
                        "{rest:.3f}分摊（初中学生折算系数{weight}）"),
    "complete_secondary": ("{where}: complete secondary school: its junior section ({b:,.0f} pupils) counts as junior",
                           "{where}：完全中学：初中部（{b:,.0f}人）按初中计"),
    "complete_secondary_share": ("; shared counts {share:.3f} of the school's (senior pupils weighted {weight})",
                                 "；共用资源按{share:.3f}分摊（高中学生折算系数{weight}）"),
    "point_no_parent": ("{where}: a teaching point with no parent school (所属学校): counted as a school of its own; "
                        "give its parent to merge it as the evaluators do",
                        "{where}：教学点未填所属学校：按独立学校计；填写所属学校后才会像督导评估那样并入"),
    "point_unmarked": ("{where}: named a teaching point (教学点) but not marked one (学校类别, 角色 or 所属学校): "
                       "counted as a school", "{where}：名称为教学点，但学校类别、角色或所属学校未标明：按学校计"),
    "accepted_units": ("accepted as given (--accept-units): {message}", "已按原值使用（--accept-units）：{message}"),
    # errors: what stops the run
    "problems": ("{path}: {n:,} problems; nothing was written", "{path}：发现{n:,}个问题，未写出任何结果"),
    "more_problems": ("... and {n:,} more", "……另有{n:,}个"),
    "problems_line": ("{head}: {first}; {tail}", "{head}：{first}；{tail}"),
    "problems_counted": ("{path}: {n:,} problem(s); fix them and check again", "{path}：共{n:,}个问题；改正后请再检查"),
    "check_ok": ("{path}: {n} school parts of {counties} county(ies) read; no problems",
                 "{path}：已读取{counties}个县的{n}个学校（学段）；未发现问题"),
    "problems_all": ("`edusim check {path}` lists them all", "运行 edusim check {path} 可列出全部问题"),
    "no_header": ("{path}: no header row found; expected columns such as school / 学校名称, stage / 学段, enrollment / "
                  "在校生数 (edusim balance --help lists them)",
                  "{path}：未找到表头行；应有“学校名称”“学段”“在校生数”等列（edusim balance --help 列出全部）"),
    "no_rows": ("{path}: no school rows after the header", "{path}：表头下没有学校数据行"),
    "missing_columns": ("{where}: header: missing column(s) {columns}{ignored}", "{where}：表头缺少列：{columns}{ignored}"),
    "missing_ignored": ("; ignored columns: {columns}", "；已忽略的列：{columns}"),
    "ratio_alone": ("{where}: header, field '{field}': a per-pupil ratio; the table needs the school's total "
                    "('{total}'); the tool divides by the pupils itself",
                    "{where}：表头“{field}”为生均比值；本表需要学校的总数（“{total}”），由本工具自行除以学生数"),
    "county_empty": ("{where}, field 'county': empty; in a table of several counties every row names its county",
                     "{where}：“县（市、区）”为空；含多个县的表中每行都须填写所属县"),
    "row_width": ("{where}: row {row}: expected {width} fields as in the header, found {found}",
                  "{where}：第{row}行：应与表头一样有{width}个字段，实有{found}个"),
    "empty": ("{where}, field '{field}': empty", "{where}，“{field}”：为空"),
    "empty_number": ("{where}, field '{field}': empty (write 0 if there are none)", "{where}，“{field}”：为空（没有请填0）"),
    "school_error_value": ("{where}, field '{field}': a spreadsheet error ({value}), not a school's name",
                           "{where}，“{field}”：是表格公式错误（{value}），不是学校名称"),
    "bad_stage": ("{where}, field '{field}': must be one of primary / 小学, junior / 初中, nine_year / 九年一贯制, "
                  "complete_secondary / 完全中学; got {value!r}",
                  "{where}，“{field}”：应为小学、初中、九年一贯制或完全中学之一，实为“{value}”"),
    "bad_choice": ("{where}, field '{field}': must be one of {words}; got {value!r}",
                   "{where}，“{field}”：应为{words}之一，实为“{value}”"),
    "formula_error": ("{where}, field '{field}': a spreadsheet error ({value}), not a number: fix the formula or type "
                      "the value", "{where}，“{field}”：是表格公式错误（{value}），不是数字：请修改公式或直接填写数值"),
    "decimal_comma": ("{where}, field '{field}': {value!r} is ambiguous: a decimal comma? write {point} with a point, "
                      "or thousands as 7,600", "{where}，“{field}”：“{value}”含义不明：是小数逗号吗？小数请写作{point}，"
                      "千位分隔请写作7,600"),
    "superscript": ("{where}, field '{field}': {value!r} holds superscript or subscript characters; type the plain "
                    "number", "{where}，“{field}”：“{value}”含上标或下标字符，请填写普通数字"),
    "not_number": ("{where}, field '{field}': not a number: {value!r}", "{where}，“{field}”：不是数字：“{value}”"),
    "not_finite": ("{where}, field '{field}': must be a finite number below 1e12, got {value!r}",
                   "{where}，“{field}”：应为小于1e12的有限数值，实为“{value}”"),
    "not_positive": ("{where}, field '{field}': must be positive, got {value!r}", "{where}，“{field}”：应为正数，实为{value}"),
    "negative": ("{where}, field '{field}': must not be negative, got {value!r}", "{where}，“{field}”：不能为负数，实为{value}"),
    "nine_year_pupils": ("{where}, field 'primary_enrollment': a nine-year school on one row needs its primary and "
                         "junior pupils (小学在校生数, 初中在校生数), both positive",
                         "{where}：九年一贯制学校填在一行时，须分别填写小学在校生数和初中在校生数，且均为正数"),
    "pupils_not_whole": ("{where}, field '{field}': must be a whole number of pupils, got {value:g}",
                         "{where}，“{field}”：学生数应为整数，实为{value:g}"),
    "pupils_too_many": ("{where}, field '{field}': {value:,.0f} pupils in one school part is implausible (at most "
                        "{limit:,})", "{where}，“{field}”：一个学段{value:,.0f}人不合常理（至多{limit:,}人）"),
    "row_implausible": ("{where}, field '{field}': {value:,.4g} is implausible for a school of {pupils:,.0f} pupils "
                        "(at most {cap:,.4g})", "{where}，“{field}”：{value:,.4g}对一所{pupils:,.0f}名学生的学校不合常理"
                        "（至多{cap:,.4g}）"),
    "not_whole": ("{where}, field '{field}': must be a whole number, got {value:g}", "{where}，“{field}”：应为整数，实为{value:g}"),
    "no_teacher": ("{where}, field '{field}': a school of {pupils:,.0f} pupils needs at least one teacher, got 0",
                   "{where}，“{field}”：有{pupils:,.0f}名学生的学校至少要有1名教师，实为0"),
    "more_than_teachers": ("{where}, field '{field}': {value:g} is more than the {teachers:g} teachers of the school",
                           "{where}，“{field}”：{value:g}人，多于该校专任教师总数{teachers:g}人"),
    "duplicate": ("{where}, field '{field}': '{school}' ({stage}) already given at {first}",
                  "{where}，“{field}”：“{school}”（{stage}）已在{first}填过"),
    "parent_unknown": ("{where}, field '{field}': '{parent}' is not a school of the table (of its county, in a table of "
                       "several)", "{where}，“{field}”：“{parent}”不是本表中的学校（多县的表中：不是本县的学校）"),
    "parent_is_point": ("{where}, field '{field}': parent '{parent}' is itself a teaching point; name the school "
                        "the points belong to", "{where}，“{field}”：所属学校“{parent}”本身是教学点；请填写教学点所属的学校"),
    "parent_no_stage": ("{where}, field '{field}': '{parent}' has no {stage} part; a teaching point merges into its "
                        "school's part of its own stage", "{where}，“{field}”：“{parent}”没有{stage}学段；教学点只能并入"
                        "所属学校的同一学段"),
    "column_unit": ("{path}{county}: field '{field}': the county median is {median:,.4g} {per}, implausible for its "
                    "unit (expected {lo:g} to {hi:,g}){hint}; state the unit in the header, e.g. '{example}', or pass "
                    "--accept-units", "{path}{county}：“{field}”：全县中位数为{median:,.4g}（{per}），与其单位不符（应在"
                    "{lo:g}至{hi:,g}之间）{hint}；请在表头注明单位，如“{example}”，或使用 --accept-units"),
    "per_pupil": ("per pupil", "生均"),
    "per_100": ("per 100 pupils", "每百名学生"),
    "looks_like": ("; the values look like {unit}", "；数值看起来是以{unit}为单位"),
    "row_unit": ("{where}, field '{field}': {value:,.4g} is {ratio:,.4g} per pupil against the county's median "
                 "{median:,.4g}{hint}; correct the row, or pass --accept-units",
                 "{where}，“{field}”：{value:,.4g}，生均{ratio:,.4g}，而全县中位数为{median:,.4g}{hint}；请更正该行，"
                 "或使用 --accept-units"),
    "row_looks_like": ("; it looks like {unit}", "；看起来是以{unit}为单位"),
    "row": ("{where}: row {n}", "{where}：第{n}行"),
    "cell": ("{where}, field '{field}'", "{where}，“{field}”"),
    "points_merged": ("teaching points ({rule}): {n} merged into their parent school",
                      "教学点（--teaching-points {rule}）：{n}个并入所属学校"),
    "points_alone": ("; counted as schools: {names}", "；按学校计：{names}"),
    "points_dropped": ("; left out (under 50 pupils): {names}", "；未计入（不足50人）：{names}"),
    "note": ("note: {text}", "提示：{text}"),
    "more_notes": ("note: ... and {n:,} more notes of the same table", "提示：……同一表格另有{n:,}条提示"),
    # what parsing the command line says: argparse's messages and the options' ranges
    "see_help": ("{text} (see '{prog} --help')", "{text}（参见 {prog} --help）"),
    "ap_required": ("the following arguments are required: {names}", "缺少必需的参数：{names}"),
    "ap_unrecognized": ("unrecognized arguments: {names}", "无法识别的参数：{names}"),
    "ap_choice": ("argument {name}: invalid choice: {value} (choose from {names})",
                  "参数 {name}：无效的选项 {value}（可选：{names}）"),
    "ap_invalid": ("argument {name}: invalid value: {value}", "参数 {name}：无效的值 {value}"),
    "ap_one": ("argument {name}: expected one argument", "参数 {name}：需要一个值"),
    "ap_not_allowed": ("argument {name}: not allowed with argument {other}", "参数 {name}：不能与参数 {other} 同时使用"),
    "ap_explicit": ("argument {name}: ignored explicit argument {value}", "参数 {name}：不接受取值 {value}"),
    "ap_argument": ("argument {name}: {text}", "参数 {name}：{text}"),
    "arg_year": ("must be a year from {low} to {high}, got {value}", "应为{low}至{high}之间的年份，实为{value}"),
    "arg_range": ("must be from {low} to {high}, got {value}", "应在{low}至{high}之间，实为{value}"),
    "arg_yuan": ("must be a finite amount of yuan, 0 or more, got {value}", "应为0或以上的有限金额（元），实为{value}"),
    "arg_share": ("must be at least 0 and below 1, got {value}", "应不小于0且小于1，实为{value}"),
    "arg_probability": ("must be above 0 and at most 1, got {value}", "应大于0且不大于1，实为{value}"),
    "arg_seed": ("must be a non-negative whole number, got {value}", "应为非负整数，实为{value}"),
    "arg_budget": ("must be a positive amount below 1e15, got {value}", "应为小于1e15的正数，实为{value}"),
    "error": ("edusim: error: {text}", "edusim：错误：{text}"),
    # what fails in a self-assessment (sim.assessment.balance): one entry per school or indicator
    "fail_size": ("{school}: {pupils:,.0f} pupils > {limit:,}", "{school}：{pupils:,.0f}人，超过{limit:,}人"),
    "fail_class": ("{school} ({stage}): {size:.0f} pupils a class > {limit}", "{school}（{stage}）：班均{size:.0f}人，超过{limit}人"),
    "fail_no_classes": ("{school} ({stage}): no classes given", "{school}（{stage}）：未填班级数"),
    "fail_rooms": ("{school}: {classes:.0f} classes need {need:.0f} of each; has {music:.0f} music, {art:.0f} art",
                   "{school}：{classes:.0f}个班需音乐、美术教室各{need:.0f}间；现有音乐{music:.0f}间、美术{art:.0f}间"),
    "fail_cv": ("{indicator}_{stage}: CV {cv:.3f} > {threshold}", "{short}（{stage}）：差异系数{cv:.3f}，超过{threshold}"),
    "fail_standards": ("{school} ({stage}): {met} of 7 standards", "{school}（{stage}）：7项指标达标{met}项"),
    # what a pathway prints (its summary rows' values)
    "pw_box": ("{where}: {inside} of the {failures} failing futures ({box} futures there, {density:.0%} failing)",
               "{where}：{failures}个失败情景中有{inside}个在此范围内（范围内共{box}个情景，{density:.0%}失败）"),
    "pw_and": (" and ", "且"),
    "pw_recovers": ("{levers}: recovers {n} of {failures} for {extra:+,.0f} yuan",
                    "{levers}：挽回{failures}个失败情景中的{n}个，费用变化{extra:+,.0f}元"),
    "pw_fails_at_least": ("{item} (fails in at least {share:.0%})", "{item}（至少{share:.0%}的情景未达标）"),
    # what a plan prints (sim.planning.optimise.Plan.summary and the plan command)
    "pl_head": ("plan (margin {margin:.0%}, {spare} spare teacher(s)): {status}",
                "方案（安全余量{margin:.0%}，每校每类富余教师{spare}人）：{status}"),
    "pl_cost": ("; cost {cost:,.0f} yuan; gap {gap:.2g}; {rounds} MILP round(s)",
                "；费用{cost:,.0f}元；最优性差距{gap:.2g}；混合整数规划求解{rounds}轮"),
    "pl_nothing": ("  nothing to do: the table already passes with the margin", "  无需措施：该表在安全余量下已达标"),
    # why no plan was found (sim.planning.optimise), in the table's language
    "pl_stopped": ("stopped ({status}) before optimality was proven; the plan passes with the margin but may cost up "
                   "to {gap:.2%} more than the cheapest", "在证明最优之前停止（{status}）；方案在安全余量下达标，但费用"
                   "最多可能比最低高{gap:.2%}"),
    "pl_time_none": ("no feasible plan found within the time limit ({rounds} MILP solves)",
                     "在时间上限内未找到可行方案（求解MILP {rounds}次）"),
    "pl_no_converge": ("the CV cut loop did not converge in {most} rounds ({rounds} MILP solves)",
                       "差异系数割平面迭代{most}轮未收敛（求解MILP {rounds}次）"),
    "pl_wide_none": (". Even with {named} (the top of their ranges) no plan exists",
                     "。即使{named}（各自取值范围的上限），也没有可行方案"),
    "pl_wide_unknown": (". Even with {named} (the top of their ranges) no plan was found ({status})",
                        "。即使{named}（各自取值范围的上限），也未找到方案（{status}）"),
    "pl_wide_cost": (". With {named} (the top of their ranges) a plan costs {cost:,.0f} yuan, using {used}: set "
                     "them with --set", "。若{named}（各自取值范围的上限），方案费用为{cost:,.0f}元，需{used}；可用 --set 设定"),
    "pl_used_hire_new_post": ("{n:g} new posts", "新增编制{n:g}个"),
    "pl_used_designate": ("{n:g} designations", "认定骨干教师{n:g}名"),
    "pl_used_train_backbone": ("{n:g} trained backbone teachers", "培养骨干教师{n:g}名"),
    "pl_used_upgrade": ("{n:g} degree upgrades", "学历提升{n:g}人"),
    "pl_used_none": ("none of them", "均不需要"),
    "pl_short_school": ("{stage} {flag}: {school} is in no community, has {have:g} for {pupils:,.0f} pupils and needs "
                        "{need:g} (85 % of the standard x {factor:g}, plus {spare} spare); {creates}",
                        "{stage}{flag}：{school}不属于任何共同体，在校生{pupils:,.0f}人，现有{have:g}人，需要{need:g}人"
                        "（标准的85% x {factor:g}，另加富余{spare}人）；{creates}"),
    "pl_short_group": ("{stage} {flag}{where}: the group has {have:,.0f} for {pupils:,.0f} pupils; the standard x "
                       "{factor:g} needs {full:,.0f} and even 85 % of it at every school (plus {spare} spare) needs "
                       "{need:,.0f}; {creates}", "{stage}{flag}{where}：该组在校生{pupils:,.0f}人，现有{have:,.0f}人；"
                       "标准 x {factor:g} 需要{full:,.0f}人，即使每校只达标准的85%（另加富余{spare}人）也需要{need:,.0f}人；"
                       "{creates}"),
    "pl_community": (" (community {name})", "（{name}）"),
    "pl_creates_backbone": ("moves cannot create teachers, and at most {most:g} more can be designated or trained (the "
                            "county's quotas of backbone teachers, backbone_quota_share and backbone_train_share, and "
                            "the teachers it has)", "交流不能增加教师总数，且最多只能再认定或培养{most:g}名骨干教师（受县"
                            "骨干教师名额 backbone_quota_share、backbone_train_share 和现有教师所限）"),
    "pl_creates_posts": ("moves cannot create teachers, and its open posts (staffing norm less teachers) and new posts "
                         "(new_post_share) add at most {most:g}", "交流不能增加教师总数，空编（编制标准减现有教师）和新增"
                         "编制（new_post_share）最多增加{most:g}人"),
    "pl_creates_upgrades": ("moves cannot create teachers, and its open posts (staffing norm less teachers), new posts "
                            "(new_post_share) and in-service degree programmes (upgrade_cap_share) add at most {most:g}",
                            "交流不能增加教师总数，空编（编制标准减现有教师）、新增编制（new_post_share）和在职学历提升"
                            "（upgrade_cap_share）最多增加{most:g}人"),
    "pl_diag_unknown": ("no plan found; HiGHS could not tell within 10 s whether the school rule alone can be met",
                        "未找到方案；HiGHS在10秒内无法判断仅学校达标规则能否满足"),
    "pl_diag_rule": ("the 6-of-7 / 85 % school rule cannot hold at every school with teachers moved within their group "
                     "and the county's limits on new posts, designations, training and upgrades{gaps}",
                     "在组内交流教师、并受县新增编制、骨干认定、培养和学历提升上限约束时，无法使每所学校都满足"
                     "“7项中6项达标、其余不低于85%”{gaps}"),
    "pl_diag_short": ("; short: {items}", "；缺口：{items}"),
    "pl_diag_short_item": ("{stage} {flag}{where}: {have:,.0f} of the {full:,.0f} the standard x {factor:g} needs",
                           "{stage}{flag}{where}：现有{have:,.0f}人，标准 x {factor:g} 需要{full:,.0f}人"),
    "pl_diag_cv": ("{stage} {flag}: its CV cannot be brought to {target:.3f} (threshold {threshold} x (1 - {margin:g})) "
                   "by moving whole teachers within groups", "{stage}{flag}：仅在组内交流整名教师，差异系数无法降到"
                   "{target:.3f}（阈值{threshold} x (1 - {margin:g})）"),
    "pw_late": ("{n} action(s) count only after {by}", "{n}项措施在{by}年后才见效"),
    "pw_pruned": ("its actions alone cost more than the best schedule", "仅起始年措施费用已高于最优方案"),
    "pl_diag_cvs": ("the CV limits together cannot be met by moving whole teachers within groups",
                    "仅在组内交流整名教师，无法同时满足各项差异系数上限"),
    "pl_planning": ("planning {n} school parts of {county} (at most {limit:g} s a plan)",
                    "正在为{county}的{n}个学校（学段）制定方案（每个方案至多{limit:g}秒）"),
    "pl_trying": ("planning with margin {margin:g} and {spare} spare teacher(s)", "按安全余量{margin:g}、每校每类富余教师{spare}人制定方案"),
    "pl_checking": ("checking the next year: {n} replicates of the status quo", "检验次年：现状模拟{n}次"),
    "pl_simple_rule": ("the simple rule, every school brought to every standard on its own with the same {spare} spare "
                       "teacher(s) (hiring, designating, building; it need not meet the CV limits): {rule:,.0f} yuan; "
                       "this plan: {cost:,.0f} yuan{share}",
                       "简单做法（每所学校各自补齐每项标准，富余教师同为{spare}人；招聘、认定、建设，不必满足差异系数要求）："
                       "{rule:,.0f}元；本方案：{cost:,.0f}元{share}"),
    "pl_share": (" ({share:.0%} of it)", "（为其{share:.0%}）"),
    "pl_tried_budget": ("tried {spare} spare teacher(s): {cost:,.0f} yuan, over --budget {budget:,.0f}",
                        "已试每校富余教师{spare}人：{cost:,.0f}元，超过 --budget {budget:,.0f}元"),
    "pl_tried": ("tried {spare} spare teacher(s): {status}; {why}", "已试每校富余教师{spare}人：{status}；{why}"),
    "pl_tried_p": ("P(pass next year) {p:.2f} < {holds}", "次年达标概率{p:.2f} < {holds}"),
    "pl_today": ("check, edusim balance on patched.csv: {today}", "检验：对 patched.csv 运行 edusim balance：{today}"),
    "pl_next": ("check, forecast --schools patched.csv (status quo, {n} replicates): P(high-quality pass) {now:.2f} now, "
                "{next:.2f} (+/- {se:.2f}) next year; all CVs {cvs:.2f}, every school's rule {rule:.2f}",
                "检验：forecast --schools patched.csv（现状，{n}次重复模拟）：优质均衡达标概率当年{now:.2f}，次年{next:.2f}"
                "（±{se:.2f}）；7项差异系数均达标{cvs:.2f}，每校均达到6项达标规则{rule:.2f}"),
    "pl_warning": ("WARNING: the plan holds next year in fewer than {holds:.0%} of simulated counties; {advice}or "
                   "--moves county, or a --margin", "警告：方案次年仍达标的模拟县不足{holds:.0%}；{advice}或使用 "
                   "--moves county，或设定 --margin"),
    "pl_advice_budget": ("more spare teachers cost more than --budget (above): raise it, ",
                         "更多富余教师的费用超过 --budget（见上）：请提高预算，"),
    "pl_advice_infeasible": ("more spare teachers are infeasible here (above): ", "此处无法安排更多富余教师（见上）："),
    "pl_advice_more": ("try more --spare-teachers, ", "可增加 --spare-teachers，"),
    "pl_next_other": ("check, next year: {what}", "检验次年：{what}"),
    "pl_patched_title": ("{county} {year}: the school table after the plan", "{county}{year}年学校表（方案实施后）"),
    "pl_patched_undated": ("{county}: the school table after the plan", "{county}学校表（方案实施后）"),
    "pl_not_run": ("not run: {why}", "未运行：{why}"),
    "pl_over_budget": ("OVER BUDGET: the cheapest plan found costs {over:,.0f} yuan more than --budget {budget:,.0f}; "
                       "what it pays for is above, by kind of action",
                       "超出预算：找到的最便宜方案比 --budget {budget:,.0f}元多{over:,.0f}元；各类措施的费用见上"),
    "pass": ("PASS", "达标"),
    "fail": ("FAIL", "未达标"),
    # what a forecast prints
    "fc_acts_on": ("note: {what} acts on the {n} school parts of {county} ({path})",
                   "提示：{what}作用于{county}的{n}个学校（学段）（{path}）"),
    "fc_status_quo": ("the status quo (no new policy)", "现状（不加新政策）"),
    "fc_scenario": ("scenario {name!r}", "情景“{name}”"),
    "fc_headline": ("{name}: {n} replicates to {year}; P(all 7 CVs pass) = {cvs}, P(high-quality balance) = {hq}, "
                    "P(basic balance) = {basic}; binding CV most often {binding} (median {ratio:.2f} of its threshold)",
                    "{name}：{n}次重复模拟至{year}年；7项差异系数均达标的概率 = {cvs}，优质均衡概率 = {hq}，基本均衡概率 = "
                    "{basic}；最常成为约束的指标：{binding}（中位数为阈值的{ratio:.2f}倍）"),
    "fc_other_way": ("{p} [at {other}: {q}]", "{p}［按{other}计：{q}］"),
    "fc_whole": ("P(whole assessment: all 4 parts, no veto) = {p}; by part: {parts}; failing most often: {worst}",
                 "整体评估（四个方面、无一票否决）达标概率 = {p}；分方面：{parts}；最常未达标：{worst}"),
    "fc_caveat": (" ({all}{n} declared item(s) assumed met)", "（{all}{n}个申报项目假定已满足）"),
    "fc_caveat_all": ("all ", "全部"),
    "fc_worst": ("{item} ({share:.0%} of replicates)", "{item}（{share:.0%}的重复模拟）"),
    "fc_none": ("none", "无"),
    "fc_assumed": ("assumed, not declared ({n} items at their defaults; give them in the scenario's [declared] table or "
                   "with --set declared.KEY=VALUE): {items}", "假定已满足、未申报（{n}项取默认值；请在情景的[declared]表中"
                   "或用 --set declared.KEY=VALUE 给出）：{items}"),
    "bal_assumed": ("assumed, not declared ({n} items at their defaults; state them in the --declared file or the "
                    "scenario's [declared] table): {items}",
                    "假定已满足、未申报（{n}项取默认值；请在 --declared 文件或情景的[declared]表中给出）：{items}"),
    "al_assumed": ("assumed, not declared ({n} items at their defaults; state them in the scenario's [declared] table or "
                   "in the --overrides file): {items}",
                   "假定已满足、未申报（{n}项取默认值；请在情景的[declared]表或 --overrides 文件中给出）：{items}"),
    "fc_synthetic": ("note: School sizes, resources and teachers are SYNTHETIC, drawn from the distributions in "
                     "docs/model.md (Initialisation); pass your county's table with --schools FILE.csv.",
                     "提示：学校规模、资源与教师均为模拟生成（按 docs/model.md“初始化”一节的分布抽样）；请用 --schools 给出本县的学校表。"),
    "fc_convention": ("exchange teachers counted at their {own} school, as the scenario says; [at {other}]: counted at "
                      "their {other} school instead (no official rule decides; docs/model.md 6.5)",
                      "交流教师按情景规定计入{own}；［按{other}计］：改为计入{other}（官方未作规定；见 docs/model.md 6.5）"),
    "fc_launch": ("launch {year}: the 7-CV test already fails in {share:.0%} of replicates, set by {origin}{worst}",
                  "起始年{year}：{share:.0%}的重复模拟中7项差异系数检验已不达标，源于{origin}{worst}"),
    "fc_origin_synthetic": ("the synthetic launch state (docs/model.md 4)", "合成的起始状态（docs/model.md 4）"),
    "fc_origin_table": ("your table", "您的统计表"),
    "fc_inherited": ("; of the CV failures in {year}, {share:.0%} failed the same way at launch (inherited, not made by "
                     "the dynamics)", "；{year}年的差异系数不达标中，{share:.0%}在起始年即已同样不达标（继承自起始数据，"
                     "并非模拟过程造成）"),
    "fc_wrote": ("wrote {files}", "已写入：{files}"),
    "cmp_convention": ("_host / _home: exchange teachers counted at their host / home school (no official rule decides; "
                       "unsuffixed: as each scenario counts them, docs/model.md 6.5)",
                       "计入接收校／计入派出校：交流教师在接收校或派出校计数（尚无正式规定；未注明者按各情景的口径，见 docs/model.md 6.5）"),
    # progress lines
    "vl_balance": ("basic_balance_share: {n} synthetic counties, {start} -> {end}, under the model, its null model and "
                   "{settings} band settings", "basic_balance_share：{n}个合成县，{start} -> {end}年，按模型、其零模型及{settings}组区间设定"),
    "vl_cv_spread": ("cv_spread: {n} synthetic counties of '{name}' at {year}", "cv_spread：“{name}”的{n}个合成县，{year}年"),
    "vl_national": ("national_resources: {n} runs of {file}, {start} -> {end}, and of its null model",
                    "national_resources：{file}运行{n}次，{start} -> {end}年，及其零模型"),
    "vl_national_band": ("national_resources: the band, {settings} settings x {n} runs",
                         "national_resources：区间，{settings}组设定 x {n}次运行"),
    "vl_summary": ("{verdicts} (a failing hindcast is a finding, not an error)", "{verdicts}（回测未通过是一项发现，不是错误）"),
    "lg_head": ("Isolated effect after {years} school years, median of {n} replicates (`python -m sim.experiments.ledger`):",
                "各政策单独作用{years}个学年后的效果，{n}次重复的中位数（`python -m sim.experiments.ledger`）："),
    "lg_outside": ("OUTSIDE their evidence range: {policies}", "超出证据范围：{policies}"),
    "lg_inside": ("all {n} policies inside their evidence ranges", "全部{n}项政策均在证据范围内"),
    "bar_policies": ("policies", "政策"),
    "bar_policy": ("policy", "项"),
    "cal_toml_head": ("# Calibrated by `edusim calibrate {source}`: {method}, {n} replicates.",
                      "# 由 `edusim calibrate {source}` 校准：{method}，{n}次重复。"),
    "cal_toml_fitted": ("# Fitted: {fitted}; loss {loss:.3g}.", "# 拟合结果：{fitted}；损失 {loss:.3g}。"),
    "cal_toml_targets": ("# A calibration to the targets below, not a validation:", "# 这是对以下目标的校准，不是验证："),
    "cal_toml_target": ("#   {columns} in {year}: observed {value} (sd {sd}), simulated median {median:.4g}",
                        "#   {columns}（{year}年）：观测值 {value}（标准差 {sd}），模拟中位数 {median:.4g}"),
    "bar_replicates": ("{name} replicates", "{name}：重复运行"),
    "bar_run": ("run", "次"),
    "pw_start": ("pathway for {county}: {n} school parts, {futures} futures, target {by}",
                 "{county}达标路径：{n}个学校（部），{futures}个情景，目标年{by}"),
    "pw_resuming": ("resuming: {n} schedule(s) already run by an interrupted search of the same inputs",
                    "继续：同一输入被中断的搜索已模拟{n}个方案"),
    "pw_planning": ("planning the start year's actions: margin {margin:g}, {spare} spare teacher(s), size headroom "
                    "{headroom:g}", "规划起始年措施：安全余量{margin:g}，每校每类富余教师{spare}名，学校规模预留{headroom:g}"),
    "pw_running": ("{point}: {n} futures", "{point}：{n}个情景"),
    "pw_fresh": ("checking the schedule on fresh futures", "在新抽样的情景中检验方案"),
    "pw_reference": ("running the full ready scenario plus the plan on the same futures",
                     "在相同情景中模拟完整既定情景加达标方案"),
    "host": ("host", "接收校"),
    "home": ("home", "派出校"),
    # the file itself (sim.data.forms), worded after its name: before its headers are read
    "is_folder": ("{path}: is a folder; give a school table (.csv or .xlsx)", "{path}：是文件夹；请给出学校统计表（.csv 或 .xlsx）"),
    "too_big_unpacked": ("{path}: its sheets unpack to {size:,} bytes; a school table is at most {limit:,} (a workbook "
                         "that small on disk and that large inside is not a school table); pass --large if it is one",
                         "{path}：工作表解压后达{size:,}字节；学校表至多{limit:,}字节（磁盘上很小、解压后如此之大的工作簿不是学校表）；"
                         "如确为学校表，请加 --large"),
    "too_big": ("{path}: {size:,} bytes; a school table is at most {limit:,} bytes (a province's thousands of schools "
                "take a few MB): is this the right file? (--large reads it anyway)", "{path}：{size:,}字节；学校统计表至多{limit:,}字节（一个省数千所学校"
                "也只有几MB）：文件是否选错了？（确需读取请加 --large）"),
    "too_many_rows": ("{path}{sheet}: more than {limit:,} rows; a school table of the whole country has fewer: is this "
                      "the right file or sheet? (--large reads it anyway)", "{path}{sheet}：超过{limit:,}行；全国的学校统计表也没有这么多行：文件或"
                      "工作表是否选错了？（确需读取请加 --large）"),
    "too_many_cells": ("{path}{sheet}: more than {limit:,} written cells; a school table has a few dozen columns: is "
                       "this the right file or sheet? (--large reads it anyway)", "{path}{sheet}：已填写的单元格超过{limit:,}个；学校统计表只有几十列："
                       "文件或工作表是否选错了？（确需读取请加 --large）"),
    "not_found": ("{path}: file not found", "{path}：找不到文件"),
    "unreadable": ("{path}: cannot be read ({why})", "{path}：无法读取（{why}）"),
    "old_xls": ("{path}: an old Excel .xls workbook; open it in Excel or WPS and save it as .xlsx (or as CSV), then run "
                "again", "{path}：是旧版Excel .xls工作簿；请用Excel或WPS打开并另存为.xlsx（或CSV）后再运行"),
    "bad_csv_row": ("{where}: not a readable CSV row ({why}); save the table from Excel or WPS as .xlsx or as 'CSV "
                    "UTF-8'", "{where}：不是可读的CSV行（{why}）；请用Excel或WPS另存为.xlsx或“CSV UTF-8”"),
    "not_a_table": ("{path}: neither a CSV in UTF-8 or GBK/GB18030 nor an .xlsx workbook; save it from Excel or WPS as "
                    ".xlsx or as 'CSV UTF-8'", "{path}：既不是UTF-8或GBK/GB18030编码的CSV，也不是.xlsx工作簿；请用Excel或"
                    "WPS另存为.xlsx或“CSV UTF-8”"),
    "two_encodings": ("{where}: this line is UTF-8 while others are not (a file of two encodings, UTF-8 and GBK); save "
                      "the whole table again from Excel or WPS as .xlsx or as 'CSV UTF-8'",
                      "{where}：此行为UTF-8编码，其他行不是（一个文件混用了UTF-8和GBK两种编码）；请用Excel或WPS将整张表"
                      "另存为.xlsx或“CSV UTF-8”"),
    "bad_workbook": ("{path}: not a readable .xlsx workbook ({why}); open and save it again in Excel or WPS",
                     "{path}：不是可读的.xlsx工作簿（{why}）；请用Excel或WPS打开后重新保存"),
    "bad_sheet": ("{path}: a sheet of the workbook cannot be read ({why}); open and save it again in Excel or WPS",
                  "{path}：工作簿中有工作表无法读取（{why}）；请用Excel或WPS打开后重新保存"),
    "csv_cell_too_long": ("a cell longer than {most:,} characters", "有单元格超过{most:,}个字符"),
    "unit_unknown": ("unit '{unit}' not understood; use one of {units}", "“{unit}”不是可识别的单位；可用：{units}"),
    "unit_dimension": ("unit '{unit}' is not a unit of {what}", "“{unit}”不是{what}的单位"),
    "header_unit": ("{where}: header, field '{field}': {why}", "{where}：表头“{field}”：单位无法识别（{why}）"),
    "several_counties": ("{path}: holds {n} counties ({names}); each county is assessed on its own: 'edusim forecast "
                         "--schools {path}' projects them all, or give one county's rows",
                         "{path}：含{n}个县（{names}）；各县分别评估：'edusim forecast --schools {path}' 可一并预测，"
                         "或只给出一个县的行"),
    "needs_columns": ("{path}:1: header: column(s) {columns} needed to start a simulation (the balance command works "
                      "without them)", "{path}:1：表头缺少模拟所需的列：{columns}（balance 命令不需要这些列）"),
    "needs_location": ("{where}, field 'location': needed to start a simulation (one of {choices})",
                       "{where}：模拟需要“城乡类型”（{choices}之一）"),
    # the checks every file and option goes through (sim.dynamics.params, sim.data.scenario)
    "unknown_key_close": ("{where}: unknown key '{key}'; did you mean {close}?", "{where}：无法识别的键“{key}”；是否指{close}？"),
    # a region's timetable of target years (sim.region.timetable)
    "tg_no_header": ("{path}: no header with a county column (county) and a target-year column (target_year), "
                     "in English or Chinese", "{path}：未找到含县名列（如“县（市、区）”）和目标年份列（如“计划通过年份”）的表头"),
    "tg_unknown_county": ("{cell}: '{county}' is not a county of the region's table{close}",
                          "{cell}：“{county}”不是本地区学校表中的县{close}"),
    "tg_close": ("; did you mean {names}?", "；是否为{names}？"),
    "tg_empty": ("{cell}: empty; give the year the county is to pass", "{cell}：为空；请填写该县计划通过评估的年份"),
    "tg_not_year": ("{cell}: not a year: {value!r}", "{cell}：不是年份：{value}"),
    "tg_year_range": ("{cell}: must be a whole year from {first} to {last}, got {value!r}",
                      "{cell}：应为{first}至{last}年之间的整年份，实为{value}"),
    "tg_twice": ("{cell}: '{county}' already has a target year ({year})", "{cell}：“{county}”已有目标年份（{year}）"),
    "tg_none": ("{where}: no county below the header", "{where}：表头下没有任何县"),
    # a region's override file (sim.region.overrides): TOML, one table per county
    "ov_unknown_county": ("{where}: not a county of the region's table (closest: {close})",
                          "{where}：不是本地区学校表中的县（最接近的：{close}）"),
    "ov_not_table": ("{where}: expected a table of scenario / without / set, got {value}",
                     "{where}：应为含 scenario / without / set 的表，实为{value}"),
    "ov_scenario": ("{where}: 'scenario' must be a scenario name or TOML file, got {value}",
                    "{where}：“scenario”应为情景名称或TOML文件，实为{value}"),
    "ov_without": ("{where}: 'without' must be a list of policy ids, got {value}",
                   "{where}：“without”应为政策编号的列表，实为{value}"),
    "ov_set": ("{where}: 'set' must be a table of KEY = value, got {value}", "{where}：“set”应为“键 = 值”的表，实为{value}"),
    "ov_span": ("{where}: its scenario runs {start}-{end}, the region's {first}-{last}; one region is projected over "
                "one span: set start_year and end_year", "{where}：该县情景的年份为{start}—{end}年，本地区为{first}—{last}年；"
                "同一地区须按同一时段预测：请设定 start_year 和 end_year"),
    # the run folder (--out) and its lock (sim.data.results, sim.data.folder_lock)
    "out_too_long": ("{out}: a name too long for the file system (at most {name_max} bytes a name, {path_max} a path); "
                     "give a shorter --out", "{out}：名称超过文件系统的长度限制（每级名称最多{name_max}字节，路径最多{path_max}"
                     "字节）；请给出较短的 --out"),
    "out_link": ("{out}: is a symbolic link (to {target}); a run replaces its folder whole, so give the folder itself, "
                 "not a link to it", "{out}：是符号链接（指向{target}）；运行会整体替换其文件夹，请给出文件夹本身而非链接"),
    "out_loop": ("{out}: a loop of symbolic links on its way; give another --out", "{out}：路径中有循环的符号链接；请另给 --out"),
    "out_holds_input": ("{out}: holds {path}, an input of this run, which replacing the folder would delete; give "
                        "another --out", "{out}：其中有本次运行的输入文件{path}，替换该文件夹会将其删除；请另给 --out"),
    "out_not_folder": ("{out}: exists and is not a folder; give another --out", "{out}：已存在且不是文件夹；请另给 --out"),
    "out_working": ("{out}: is the working folder or holds it; give a new folder for --out",
                    "{out}：是当前工作文件夹或包含它；请为 --out 另给一个新文件夹"),
    "out_busy": ("{out}: another edusim command (pid {pid}) is writing into this folder; wait for it to finish or give "
                 "another --out", "{out}：另一个edusim命令（进程号{pid}）正在写入该文件夹；请等其结束，或另给 --out"),
    "out_foreign": ("{out}: holds files that are not an edusim run (a run replaces its folder whole); give a new or "
                    "empty folder for --out", "{out}：其中有不属于edusim运行结果的文件（运行会整体替换文件夹）；请为 --out "
                    "另给一个新的或空的文件夹"),
    "out_stray": ("{out}: holds {path}, which edusim did not write (a run replaces its folder whole); move it out or "
                  "give another --out", "{out}：其中的{path}不是edusim写入的（运行会整体替换文件夹）；请将其移出，或另给 --out"),
    "out_under_file": ("{out}: cannot be made, {parent} is a file; give another --out",
                       "{out}：无法创建，{parent}是文件；请另给 --out"),
    "out_not_writable": ("{out}: cannot be made, {parent} is not writable; give another --out",
                         "{out}：无法创建，{parent}不可写；请另给 --out"),
    "out_sweep": ("{out}: holds a sweep, which a run would replace whole; give another --out",
                  "{out}：其中是一次参数扫描的结果，运行会将其整体替换；请另给 --out"),
    "out_unreplaceable": ("{out}: cannot be replaced ({why}); give another --out", "{out}：无法替换（{why}）；请另给 --out"),
    "out_contended": ("{out}: other runs kept writing into this folder; try again", "{out}：其他运行一直在写入该文件夹；请重试"),
    "lock_unopenable": ("{path}: the lock of {out} cannot be opened ({why}); remove it if no edusim command is running, "
                        "or give another --out", "{path}：{out}的锁文件无法打开（{why}）；如没有edusim命令在运行，请删除它，"
                        "或另给 --out"),
    "lock_not_file": ("{path}: the lock of {out} is not a file; remove it and run again",
                      "{path}：{out}的锁不是普通文件；请删除后重新运行"),
    "lock_foreign": ("{path}: exists and is not edusim's lock of {out}; rename it or give another --out",
                     "{path}：已存在，且不是edusim为{out}建立的锁；请改名，或另给 --out"),
    # options that do not go together, or a value they cannot take
    "merge_points_merged": ("plan --merge-points: the teaching points are already counted with their school "
                            "(--teaching-points merge); give --teaching-points separate or exclude_small",
                            "plan --merge-points：教学点已并入所属学校计算（--teaching-points merge）；请给出 "
                            "--teaching-points separate 或 exclude_small"),
    "declared_twice": ("balance: give --scenario or --declared, not both", "balance：--scenario 与 --declared 只能给一个"),
    "declared_shape": ("{path}: [declared] must be one table of KEY = value, got {got}",
                       "{path}：[declared] 应为一个“键 = 值”的表，实为{got}"),
    "dashboard_missing": ("the dashboard needs its extra packages: pip install -e '.[dashboard]'",
                          "仪表盘需要额外的软件包：pip install -e '.[dashboard]'"),
    "dashboard_listen": ("--host {host} --port {port}: cannot listen there ({why}); give a free port or an address of "
                         "this machine", "--host {host} --port {port}：无法在此监听（{why}）；请给出空闲端口或本机地址"),
    "pw_scenario_alone": ("pathway {source} --scenario {scenario}: --scenario goes with a table; give the table first, "
                          "or the scenario alone", "pathway {source} --scenario {scenario}：--scenario 须与学校表同用；"
                          "请先给出学校表，或只给情景"),
    "pw_by": ("--by {by}: a year after the start year {start} and at most {last} (the run goes {hold} years beyond it, "
              "to at most {end})", "--by {by}：应为起始年{start}之后、不晚于{last}的年份（运行会再延续{hold}年，最晚到{end}年）"),
    "no_school_left": ("{path}: no school is left to evaluate with --teaching-points {rule} (every row is a teaching "
                       "point under 50 pupils)", "{path}：按 --teaching-points {rule} 没有可评估的学校（每行都是不足50人的教学点）"),
    "set_shape": ("--set {text}: expected KEY=VALUE, e.g. {example}", "--set {text}：应为“键=值”，例如 {example}"),
    "plan_set_points": ("--set {text}: the table's teaching points are counted by --teaching-points",
                        "--set {text}：表中教学点的计算方式由 --teaching-points 决定"),
    "out_empty": ("--out: empty path; give a folder, or leave --out out for the default",
                  "--out：路径为空；请给出文件夹，或不加 --out 使用默认位置"),
    "scenario_name": ("{where}: 'name' must be one printable line of at most {most} characters (it titles charts "
                      "and names the run folder), got {n}; put the rest in 'description'",
                      "{where}：“name”应为不超过{most}个字符的单行可打印文本（用作图表标题和结果文件夹名），实为{n}个字符；"
                      "其余内容请写入“description”"),
    "sp_not_parameter": ("'{name}' is not a parameter of this sweep ({params})", "“{name}”不是本次参数扫描的参数（{params}）"),
    "sp_same_axes": ("--x and --y are both '{name}': a heat map needs two different parameters",
                     "--x 与 --y 都是“{name}”：热图需要两个不同的参数"),
    # scenario files and --set (sim.data.scenario): the keys are TOML's, so they stay as written
    "toml_deep": ("{where}: nested deeper than {depth} levels of tables and arrays", "{where}：表和数组嵌套超过{depth}层"),
    "toml_long_number": ("{where}: a number too long to read ({why})", "{where}：数字过长，无法读取（{why}）"),
    "toml_folder": ("{path}: is a folder; give the {what} file (.toml)", "{path}：是文件夹；请给出{what}文件（.toml）"),
    "toml_big": ("{path}: {size:,} bytes; a {what} file is at most {limit:,} bytes",
                 "{path}：{size:,}字节；{what}文件最大为{limit:,}字节"),
    "toml_unreadable": ("{path}: {what} file cannot be read ({why})", "{path}：无法读取{what}文件（{why}）"),
    "toml_invalid": ("{path}: not valid TOML: {why}", "{path}：不是有效的TOML：{why}"),
    "scenario_required": ("{where}: 'scenario' is required (a ready scenario name or a TOML file)",
                          "{where}：必须给出“scenario”（现成情景名称或TOML文件）"),
    "schools_path": ("{where}: 'schools' must be the path of a school table (.csv or .xlsx), got {value}",
                     "{where}：“schools”应为学校表（.csv 或 .xlsx）的路径，实为{value}"),
    "end_twice": ("--end-year {year} and --set {text}: two end years; give one",
                  "--end-year {year} 与 --set {text}：给了两个终止年份；请只给一个"),
    "set_twice": ("--set {key}: given more than once; give each key once", "--set {key}：给了不止一次；每个键只能给一次"),
    "policies_of": ("{option} (policies of {source})", "{option}（{source}中的政策）"),
    "at_where": ("{where}: {error}", "{where}：{error}"),
    "set_lines": ("--set value {text}: a value is one line", "--set 的值 {text}：值只能是一行"),
    "year_range": ("{where}: '{key}' = {value} must be a year between {first} and {last}",
                   "{where}：“{key}” = {value}，应为{first}至{last}之间的年份"),
    "key_shape": ("{where}: '{key}' must be {what}, got {value}", "{where}：“{key}”应为{what}，实为{value}"),
    "policy_entry": ("{where}: expected a table with a 'type', got {value}", "{where}：应为含“type”的表，实为{value}"),
    "end_after_start": ("{where}: 'end_year' = {end} must be after 'start_year' = {start}",
                        "{where}：“end_year” = {end}，应晚于“start_year” = {start}"),
    "layout_or_roster": ("{where}: give either 'communities' (a roster) or 'layout' (counts), not both",
                         "{where}：“communities”（名册）与“layout”（数量）只能给一个"),
    "no_own_schools": ("{where}: no schools of the county: give [[communities]] or [layout] with schools that are not "
                       "external, or a county's table (schools = \"FILE.xlsx\" in the scenario, or --schools FILE)",
                       "{where}：没有本县的学校：请给出含非外部学校的 [[communities]] 或 [layout]，或给出本县学校表"
                       "（情景中写 schools = \"FILE.xlsx\"，或用 --schools FILE）"),
    "policy_type_missing": ("{where}: each policy needs a 'type' (one of {types})", "{where}：每项政策都需要“type”（可选：{types}）"),
    "policy_type_name": ("{where}: 'type' must be one policy's name (one of {types}), got {value}",
                         "{where}：“type”应为一项政策的名称（可选：{types}），实为{value}"),
    "policy_id": ("{where}: 'id' must be a name of letters, digits and _, got {value}",
                  "{where}：“id”应为由字母、数字和下划线组成的名称，实为{value}"),
    "policy_id_twice": ("{where}: a policy with id '{pid}' is already listed; give each one its own 'id'",
                        "{where}：编号为“{pid}”的政策已列出；请为每项政策另给“id”"),
    "key_bool": ("{where}: '{key}' must be true or false, got {value}", "{where}：“{key}”应为 true 或 false，实为{value}"),
    "community_schools": ("{where}: 'schools' must be a non-empty list", "{where}：“schools”应为非空列表"),
    "key_choice": ("{where}: '{key}' must be one of {options}, got {value}", "{where}：“{key}”应为 {options} 之一，实为{value}"),
    "stages_list": ("{where}: 'stages' must be a list of {stages}, got {value}", "{where}：“stages”应为 {stages} 组成的列表，实为{value}"),
    "name_empty": ("{where}: 'name' must be a non-empty string", "{where}：“name”应为非空字符串"),
    "one_core": ("{where}: a community needs exactly one core school, found {n}", "{where}：共同体须有且仅有一所牵头校，实有{n}所"),
    "unpaired_core": ("{where}: unpaired schools have no core", "{where}：未结对的学校没有牵头校"),
    "community_years": ("{where}: '{key}' = {value} is outside the simulated school years {first}-{last}",
                        "{where}：“{key}” = {value}，不在模拟的学年{first}—{last}之内"),
    "tightness": ("{where}: 'tightness' must be between 0 and 1, got {value}", "{where}：“tightness”应在0至1之间，实为{value}"),
    "not_finite_param": ("{where}: '{name}' must be a finite number ({unit}), got {value}",
                         "{where}：“{name}”应为有限数值（{unit}），实为{value}"),
    "whole_number": ("{where}: '{key}' must be a whole number, got {value}", "{where}：“{key}”应为整数，实为{value}"),
    "key_type": ("{where}: '{key}' must be {kind}, got {value}", "{where}：“{key}”应为 {kind} 类型，实为{value}"),
    "not_table": ("{where}: expected a table, got {value}", "{where}：应为表，实为{value}"),
    "finite_number": ("{where}: '{key}' must be a finite number in [{low}, {high}], got {value}",
                      "{where}：“{key}”应为 [{low}, {high}] 内的有限数值，实为{value}"),
    "end_before_start": ("{where}: 'end' = {end} is before 'start' = {start}", "{where}：“end” = {end}，早于“start” = {start}"),
    "school_twice": ("{where}: school '{school}' is listed twice", "{where}：学校“{school}”列出了两次"),
    "parent_not_school": ("{where}: parent '{parent}' of school '{school}' is not a school of the county",
                          "{where}：学校“{school}”的所属学校“{parent}”不是本县的学校"),
    "region_options_none": ("{options}: for a table of several counties (a county column, or a folder of forms); "
                            "--schools names no table", "{options}：用于多县的表（带县名列，或每县一表的文件夹）；"
                            "--schools 未给出表"),
    "region_options_one": ("{options}: for a table of several counties (a county column, or a folder of forms); "
                           "--schools names one county", "{options}：用于多县的表（带县名列，或每县一表的文件夹）；"
                           "--schools 给出的表只有一个县"),
    "end_before_targets": ("--end-year {year} is before the timetable's latest target ({latest}); give a later year, or "
                           "leave --end-year out to project to {latest}", "--end-year {year} 早于时间表中最晚的目标年份"
                           "（{latest}）；请给出更晚的年份，或不加 --end-year 预测到{latest}年"),
    "scheduler_dask": ("--scheduler goes with --executor dask", "--scheduler 须与 --executor dask 同用"),
    "layout_too_many": ("{where}: {n:,} schools and teaching points in all (at most {most:,})",
                        "{where}：学校和教学点共{n:,}个（最多{most:,}个）"),
    "layout_short": ("{where}: needs {n} more {loc} {stage} schools than the layout has left ({left})",
                     "{where}：需要的{loc}{stage}学校比布局剩余的多{n}所（剩余{left}所）"),
    "layout_short_points": ("{where}: needs {n} more teaching points than the layout has left ({left})",
                            "{where}：需要的教学点比布局剩余的多{n}个（剩余{left}个）"),
    "layout_points_primary": ("{where}: teaching points are primary; give them to primary groups only",
                              "{where}：教学点属于小学；只能分配给小学组"),
    "runs_too_many": ("{what}: {runs:,} runs is beyond any use (at most {most:,})", "{what}：{runs:,}次运行超出任何用途（最多{most:,}次）"),
    "work_too_big": ("{what}: {runs:,} runs x {parts:,} school parts x {years} years is about {hours:,.1f} hours and "
                     "{gb:,.1f} GB of memory; pass --large to run it anyway, or use fewer runs",
                     "{what}：{runs:,}次运行 x {parts:,}个学校（学段） x {years}年，约需{hours:,.1f}小时、内存约{gb:,.1f} GB；"
                     "如仍要运行请加 --large，或减少运行次数"),
    "not_regular": ("{path}: not a regular file (a device, pipe, socket or kernel file); give the {what} as a file",
                    "{path}：不是普通文件（是设备、管道、套接字或内核文件）；请以普通文件给出{what}"),
    "record_big": ("{path}: {size:,} bytes, too large for a record edusim writes; {fix}",
                   "{path}：{size:,}字节，超过edusim所写记录的大小；{fix}"),
    "record_unreadable": ("{path}: unreadable ({why}); {fix}", "{path}：无法读取（{why}）；{fix}"),
    "folder_no_table": ("{path}: a folder with no school table (.csv or .xlsx) in it", "{path}：文件夹中没有学校表（.csv 或 .xlsx）"),
    "county_twice": ("{path}: county '{county}' is already given in {first}; each county once",
                     "{path}：县“{county}”已在{first}中给出；每个县只能给一次"),
    "override_value": ("a number, true/false or a \"name\" is wanted, got {kind} {value}",
                       "应为数值、true/false 或 \"名称\"，实为{kind} {value}"),
    "budget_whole": ("--budget: {programme} are counted in whole units; got {budget:g}",
                     "--budget：{programme} 按整数计，实为{budget:g}"),
    "marginal_one": ("compare --marginal: give one scenario, got {n}", "compare --marginal：请给出一个情景，实为{n}个"),
    "marginal_none": ("compare --marginal: {name} has no policy to drop", "compare --marginal：{name}没有可去掉的政策"),
    "year_marginal": ("--year goes with --marginal", "--year 须与 --marginal 同用"),
    "compare_same_name": ("compare: {second} and {first} are both named '{name}'; give each scenario its own 'name' (a "
                          "copied scenario keeps the original's)", "compare：{second}与{first}都名为“{name}”；请为每个情景"
                          "另给“name”（复制的情景保留原名）"),
    "uncertain_shape": ("--uncertain {text}: expected KEY=LOW:HIGH, e.g. rural_drift=0.005:0.02",
                        "--uncertain {text}：应为“键=下限:上限”，例如 rural_drift=0.005:0.02"),
    "uncertain_range": ("--uncertain {key}={low:g}:{high:g}: a range within [{lowest:g}, {highest:g}] ({unit}), low first",
                        "--uncertain {key}={low:g}:{high:g}：应为 [{lowest:g}, {highest:g}]（{unit}）内的区间，下限在前"),
    "lever_twice": ("--lever {key}: given more than once; list its values in one --lever",
                    "--lever {key}：给了不止一次；请在一个 --lever 中列出全部取值"),
    "lever_shape": ("--lever {text}: expected KEY=V1,V2,... with numbers", "--lever {text}：应为“键=值1,值2,...”，值为数字"),
    "lever_whole": ("--lever {text}: whole numbers only (a count, or 0 and 1 for off and on)",
                    "--lever {text}：只能是整数（数量，或以0、1表示关、开）"),
    "lever_empty": ("--lever {text}: give at least one value", "--lever {text}：至少给出一个值"),
    "lever_range": ("--lever {text}: each value from {low:g} to {high:g}", "--lever {text}：每个值应在{low:g}至{high:g}之间"),
    "marginal_year": ("--year: {year} is outside {name}'s projection ({first} to {last}); pass a year in it",
                      "--year：{year}不在{name}的预测年份内（{first}至{last}年）；请给出其中的年份"),
    "pw_cache_foreign": ("{path}: the pathway's resume folder is a file or a link, not one edusim made; remove it and "
                         "run again", "{path}：路径规划的续跑文件夹是文件或链接，不是edusim建立的；请删除后重新运行"),
    "scheduler_silent": ("--scheduler {scheduler}: no Dask scheduler answered within {timeout:g} s ({why}); start one "
                         "(dask scheduler) or leave --scheduler out", "--scheduler {scheduler}：{timeout:g}秒内没有Dask调度器"
                         "应答（{why}）；请启动一个（dask scheduler），或不加 --scheduler"),
    # experiment files and sweep folders (sim.experiments.experiment, sim.experiments.sweep)
    "ex_no_parameters": ("{where}: [parameters] must name at least one parameter to vary", "{where}：[parameters] 至少要给出一个变化的参数"),
    "ex_parameter_twice": ("{where}: [parameters] '{first}' and '{key}' are one parameter; give it once",
                           "{where}：[parameters] 中“{first}”与“{key}”是同一参数；请只给一次"),
    "ex_points": ("{where}: the {design} design has {n:,} design points (at most {most:,}); use fewer steps, samples or "
                  "parameters", "{where}：{design} 设计有{n:,}个设计点（最多{most:,}个）；请减少步数、样本数或参数"),
    "ex_range_needed": ("{where}: a {design} design needs a range {{low, high}}, not a list",
                        "{where}：{design} 设计需要区间 {{low, high}}，而不是列表"),
    "ex_empty_list": ("{where}: empty list of values", "{where}：取值列表为空"),
    "ex_levels": ("{where}: a categorical factor needs two or more different levels, got {value}",
                  "{where}：分类因素需要两个或以上不同水平，实为{value}"),
    "ex_categorical": ("{where}: '{key}' is not a number: list its levels to vary, e.g. {example}",
                       "{where}：“{key}”不是数值：请列出要变化的水平，例如 {example}"),
    "ex_values": ("{where}: give a list of values or a range {{low = ..., high = ...}}",
                  "{where}：请给出取值列表或区间 {{low = ..., high = ...}}"),
    "ex_low_high": ("{where}: a range needs both 'low' and 'high'", "{where}：区间需要同时给出“low”和“high”"),
    "ex_empty_range": ("{where}: empty range: low = {low} is not below high = {high}",
                       "{where}：区间为空：low = {low} 不小于 high = {high}"),
    "ex_outcome_twice": ("{where}: outcomes: {names} named more than once", "{where}：outcomes 中 {names} 给了不止一次"),
    "ex_outcome_close": ("{where}: outcomes: unknown column '{name}'; did you mean {close}?",
                         "{where}：outcomes 中无法识别的列“{name}”；是否为{close}？"),
    "ex_outcome_unknown": ("{where}: outcomes: unknown column '{name}'; known: {known}",
                           "{where}：outcomes 中无法识别的列“{name}”；可用的列：{known}"),
    "sw_foreign": ("{out}: {names}: not part of this sweep; move each out of the folder and run again",
                   "{out}：{names} 不属于本次参数扫描；请移出该文件夹后重新运行"),
    "sw_corrupt": ("{path}: changed or corrupt since the sweep wrote it (checksum in {manifest}); delete it and run the "
                   "sweep again to recompute its runs", "{path}：写入后已被改动或损坏（校验和见{manifest}）；请删除它并重新运行，"
                   "以重算其中的运行"),
    "sw_unreadable": ("{path}: unreadable; delete the folder to start the sweep again", "{path}：无法读取；请删除该文件夹后重新开始参数扫描"),
    "sw_listed": ("{path}: lists {name}, not a file a sweep writes; delete the folder to start the sweep again",
                  "{path}：列出了{name}，这不是参数扫描所写的文件；请删除该文件夹后重新开始"),
    "sw_checksum": ("{path}: no valid checksum for {name}; delete the folder to start the sweep again",
                    "{path}：{name}没有有效的校验和；请删除该文件夹后重新开始参数扫描"),
    "sw_other": ("{out}: holds the results of another experiment ({source}); choose another --out",
                 "{out}：其中是另一个实验（{source}）的结果；请另给 --out"),
    "sw_not_empty": ("{out}: is not empty and holds no sweep; choose another --out", "{out}：不是空文件夹，也不是参数扫描结果；请另给 --out"),
    "sw_design": ("{path}: missing or damaged; run the same sweep command again to write it (no run is recomputed)",
                  "{path}：缺失或损坏；请再次运行同一参数扫描命令写出它（不会重算任何运行）"),
    "sw_not_sweep": ("{out}: not a sweep folder (missing {meta})", "{out}：不是参数扫描文件夹（缺少{meta}）"),
    "sw_damaged": ("{path}: damaged (not a sweep's record); {fix}", "{path}：已损坏（不是参数扫描的记录）；{fix}"),
    "sw_incomplete": ("{out}: the stored runs do not cover the experiment's {n} runs; run the sweep again to compute the "
                      "missing ones", "{out}：已保存的运行不足实验的{n}次；请再次运行参数扫描以补算缺少的运行"),
    "sw_empty": ("{out}: the sweep has no results yet", "{out}：参数扫描还没有结果"),
    # stored runs redrawn (chart, plot), calibration files, sweep analyses
    "chart_lang": ("unknown chart language {lang}: one of {langs}", "未知的图表语言 {lang}：可选 {langs}"),
    "run_not_folder": ("{path}: not a run folder (give the folder a forecast or comparison wrote)",
                       "{path}：不是运行结果文件夹（请给出预测或比较写出的文件夹）"),
    "run_missing": ("{path}: not a run folder (missing {name})", "{path}：不是运行结果文件夹（缺少{name}）"),
    "run_meta": ("{path}/meta.json: not what a run writes (a table with its 'experiment' named); rerun the command that "
                 "wrote the folder", "{path}/meta.json：不是运行所写的记录（应含“experiment”）；请重新运行写出该文件夹的命令"),
    "run_unreadable": ("{path}: unreadable ({why}); rerun the command that wrote it", "{path}：无法读取（{why}）；请重新运行写出它的命令"),
    "run_rows": ("{path}: {n} rows, but meta.json promises {expected}; the table was truncated or edited: rerun the "
                 "command that wrote it", "{path}：有{n}行，但meta.json记录应有{expected}行；该表被截断或改动：请重新运行写出它的命令"),
    "run_cut_short": ("{path}: {n} rows (the last cut short), but meta.json promises {expected}; the table was truncated "
                      "or edited: rerun the command that wrote it", "{path}：有{n}行（最后一行不完整），但meta.json记录应有"
                      "{expected}行；该表被截断或改动：请重新运行写出它的命令"),
    "run_table": ("{path}: missing or damaged ({why}); rerun {rerun}", "{path}：缺失或损坏（{why}）；请重新运行 {rerun}"),
    "plots_not_folder": ("{path}: not a folder of the sweep's charts (a file or a link); remove it and run again",
                         "{path}：不是参数扫描的图表文件夹（是文件或链接）；请删除后重新运行"),
    "sw_design_lacks": ("{path}: names parameters its design lacks ({names}); run the same sweep command again into a "
                        "new folder", "{path}：列出了设计中没有的参数（{names}）；请把同一参数扫描命令运行到新文件夹"),
    "cal_report": ("{path}: missing or damaged; rerun the calibration", "{path}：缺失或损坏；请重新运行校准"),
    "cal_no_parameters": ("{where}: [parameters] must name at least one parameter to fit", "{where}：[parameters] 至少要给出一个待拟合的参数"),
    "cal_no_targets": ("{where}: give at least one [[targets]] with columns, year, value and sd",
                       "{where}：请至少给出一个含 columns、year、value 和 sd 的 [[targets]]"),
    "cal_target_missing": ("{where}: missing {keys}", "{where}：缺少 {keys}"),
    "cal_year": ("{where}: year {year} is outside the scenario's years {first}-{last}",
                 "{where}：年份{year}不在情景的年份{first}—{last}之内"),
    "cal_sd": ("{where}: 'sd' must be positive", "{where}：“sd”应为正数"),
    "cal_scale": ("{where}: 'value' {value:g} and 'sd' {sd:g} are out of scale: give a value of at most {scale:g} in "
                  "size and an sd from |value| / {scale:g} to {scale:g}", "{where}：“value” {value:g} 与“sd” {sd:g} 超出量级："
                  "value 的绝对值最大为{scale:g}，sd 应在 |value| / {scale:g} 至 {scale:g} 之间"),
    "an_outcome": ("outcome '{outcome}' was not kept by this sweep; kept: {kept}", "本次参数扫描没有保存结果“{outcome}”；已保存：{kept}"),
    "an_sobol": ("sensitivity indices need a sobol design; this sweep is '{design}'", "敏感性指数需要 sobol 设计；本次参数扫描为“{design}”"),
    "an_unfinished": ("some design points have no successful run; finish or resume the sweep first",
                      "部分设计点没有成功的运行；请先完成或续跑参数扫描"),
    "rg_tables": ("{path}: a many-county forecast's tables are missing or damaged ({why}); rerun the forecast",
                  "{path}：多县预测的表缺失或损坏（{why}）；请重新运行预测"),
    "rg_mismatch": ("{path}: county_years.csv does not match counties.csv; rerun the forecast",
                    "{path}：county_years.csv 与 counties.csv 不一致；请重新运行预测"),
    "pw_tables": ("{path}: a pathway's tables or meta.json are damaged ({why}); rerun edusim pathway",
                  "{path}：路径规划的表或meta.json已损坏（{why}）；请重新运行 edusim pathway"),
    # the observed data of `edusim validate --data DIR` (sim.experiments.validation)
    "obs_missing": ("{path}: observed data not found (--data DIR must hold {name})", "{path}：未找到观测数据（--data DIR 中须有{name}）"),
    "obs_unreadable": ("{path}: cannot read observed data ({why})", "{path}：无法读取观测数据（{why}）"),
    "obs_columns": ("{path}: missing column(s) {columns}", "{path}：缺少列 {columns}"),
    "obs_no_rows": ("{path}: no rows", "{path}：没有数据行"),
    "obs_number": ("{where} must be a number, got {value}", "{where}应为数值，实为{value}"),
    "obs_range": ("{where} must be from {low:g} to {high:g}, got {value}", "{where}应在{low:g}至{high:g}之间，实为{value}"),
    "obs_no_change": ("{where}: 2012 and 2021 values are equal: no change to hold the model's change against",
                      "{where}：2012年与2021年的值相同：没有可与模型变化对照的变化"),
    "obs_stock": ("observed figure '{key}': the model has no such stock (known: {known})",
                  "观测指标“{key}”：模型中没有该存量（已有：{known}）"),
    "obs_span": ("{path}: the national hindcast runs {start} to {end}; the file says {first} to {last}",
                 "{path}：全国回测的年份为{start}至{end}年；该文件为{first}至{last}年"),
    "obs_stage": ("{where}: field 'stage' must be one of {stages}, got {value}", "{where}：“stage”应为 {stages} 之一，实为{value}"),
    "unknown_key": ("{where}: unknown key '{key}'; known keys: {known}", "{where}：无法识别的键“{key}”；可用的键：{known}"),
    "not_a_number": ("{where}: '{name}' must be a number ({unit}), got {value}", "{where}：“{name}”应为数值（{unit}），实为{value}"),
    "out_of_range": ("{where}: '{name}' = {value} is outside its range [{low}, {high}] ({unit})",
                     "{where}：“{name}” = {value}，超出取值范围 [{low}, {high}]（{unit}）"),
    "whole_at_least": ("{where}: '{key}' must be a whole number >= {low}, got {value}",
                       "{where}：“{key}”应为不小于{low}的整数，实为{value}"),
    "whole_between": ("{where}: '{key}' must be a whole number from {low} to {high}, got {value}",
                      "{where}：“{key}”应为{low}至{high}之间的整数，实为{value}"),
    "file_missing": ("{path}: {what} file not found", "{path}：找不到{what}文件"),
    # a sweep and a calibration (sim.experiments.sweep, calibrate) and how any command stops
    "sw_start": ("{name}: {points} design points x {replicates} replicates = {runs} runs ({design} design) -> {out}",
                 "{name}：{points}个设计点 × 每点{replicates}次重复 = {runs}次运行（设计：{design}）-> {out}"),
    "sw_done": ("{computed} runs computed ({stored} already stored), {failed} failed, {seconds} s; results in {out}",
                "本次计算{computed}次运行（此前已存{stored}次），失败{failed}次，用时{seconds}秒；结果在 {out}"),
    "cal_start": ("{name}: fitting {params} to {n} target(s), {replicates} replicates per evaluation",
                  "{name}：拟合参数 {params}，目标{n}个，每次评估重复运行{replicates}次"),
    "bar_failures": ("failures", "失败"),
    "bar_evals": ("{name}: loss evaluations", "{name}：损失函数评估"),
    "bar_eval": ("eval", "次"),
    "cal_fit": ("{name} = {value}   consistent with the targets: {lo} to {hi}{note}",
                "{name} = {value}   与目标相符的范围：{lo}～{hi}{note}"),
    "cal_not_identified": ("  (NOT identified within its bounds)", "（在取值范围内无法识别）"),
    "cal_target": ("{columns} in {year}: observed {value}, simulated median {median} (Monte Carlo se {se})",
                   "{year}年 {columns}：观测值 {value}，模拟中位数 {median}（蒙特卡洛标准误 {se}）"),
    "cp_min1": ("minimum + 1", "最小值 + 1"),
    "cp_consistent": ("consistent with targets", "与目标相符"),
    "cp_fit": ("fit {value}", "拟合值 {value}"),
    "cp_loss": ("loss (squared errors in sd units)", "损失（以标准差为单位的误差平方和）"),
    "cp_title": ("Calibration '{name}' of scenario '{scenario}'", "情景“{scenario}”的校准“{name}”"),
    "stop_terminated": ("edusim: terminated; {kept}", "edusim：已终止；{kept}"),
    "stop_interrupted": ("edusim: interrupted; {kept}", "edusim：已中断；{kept}"),
    "kept_runs": ("the runs finished so far are kept: the same command resumes", "已完成的运行均已保存：重新执行同一命令即可继续"),
    "kept_nothing": ("nothing was written (a run folder is replaced whole or not at all)",
                     "未写入任何结果（结果文件夹要么整体替换，要么保持原样）"),
    "write_error": ("edusim: error: {text}; {kept}", "edusim：错误：{text}；{kept}"),
    # a region's forecast and allocation (sim.region, many counties at once)
    "rg_timetable_end": ("note: the timetable reaches {latest}: projecting to {latest} (not {end})",
                         "提示：目标时间表延伸到{latest}年：预测至{latest}年（而非{end}年）"),
    "rg_acts_on": ("note: {name} acts on each of {n} counties ({parts} school parts) on its own{over}; {reps} "
                   "replicates each to {end}",
                   "提示：情景{name}分别作用于{n}个县（共{parts}个学校学段）{over}；每县重复运行{reps}次，预测至{end}年"),
    "rg_with_overrides": (" (with --overrides)", "（含 --overrides 的逐县设置）"),
    "bar_counties": ("counties x replicates", "县 × 重复运行"),
    "rg_county": ("1 county", "1个县"),
    "rg_counties": ("{n} counties", "{n}个县"),
    "rg_reach": ("{counties} to {end}: {n} reach P({criterion} pass) >= {level} (expected share passing in {end}: "
                 "{share})", "{counties}，预测至{end}年：{n}个县的达标概率（{criterion}）达到 {level}（{end}年预期达标县比例："
                 "{share}）"),
    "rg_first": ("  first reach it in {year}: {counties}", "  {year}年首次达到：{counties}"),
    "rg_risk": ("timetable: {n} of {with_target} with a target at risk of missing it (P(pass) in the target year < "
                "{level}){shown}", "时间表：在有目标年份的{with_target}中，{n}个可能无法按期达标（目标年份达标概率 < {level}）"
                "{shown}"),
    "rg_risk_list": (": {items}", "：{items}"),
    "rg_risk_item": ("{county} (target {year}, P = {p})", "{county}（目标{year}年，P = {p}）"),
    "rg_mean": ("mean P(pass) in {end}: whole assessment {whole}; by part: {parts}; all 7 CVs {cvs}",
                "{end}年平均达标概率：整体评估 {whole}；分项：{parts}；7项差异系数全部达标 {cvs}"),
    "rg_binding": ("binding CV most often: {items}", "最常见的约束性指标：{items}"),
    "rg_binding_item": ("{name} ({counties})", "{name}（{counties}）"),
    "al_note": ("note: {budget} {unit} of {programme} shared among {n} counties by {rules}; at most {runs} county runs",
                "提示：{programme}共{budget}（{unit}）分配给{n}个县，分配规则：{rules}；至多{runs}次县级运行"),
    "al_construction": ("construction", "基建专项"),
    "al_posts": ("posts", "教师编制专项"),
    "al_allowances": ("allowances", "乡村教师补助专项"),
    "al_unit_construction": ("yuan / year", "元/年"),
    "al_unit_posts": ("teacher posts / year", "个编制/年"),
    "al_unit_allowances": ("yuan / year", "元/年"),
    "al_when_target": ("in their target year", "在各自目标年份"),
    "al_when_end": ("in {end} (no --targets: every county judged then)", "在{end}年（未给 --targets：各县均按该年评判）"),
    "al_head": ("counties passing {when} ({criterion}), of {n}; mean [10 %, 90 %] over {reps} replicates:",
                "{when}达标的县数（{criterion}），共{n}个县；{reps}次重复的均值 [10%，90%]："),
    "al_row": ("  {rule:<10} {mean} [{p10}, {p90}] (exchange teachers at host {host}, at home {home})  {used} {unit} "
               "used in {funded}; {booked} yuan a year booked",
               "  {rule:<10} {mean} [{p10}，{p90}]（交流教师计入接收校 {host}，计入派出校 {home}）  {funded}共使用{used}"
               "（{unit}）；每年记账{booked}元"),
    "al_rules_note": ("the rules allocate by the scenario's counting of exchange teachers; both countings are reported "
                      "(docs/model.md 6.5)", "各分配规则按情景的交流教师计入口径分配；两种口径的结果均已列出（docs/model.md 6.5）"),
    # a sweep's charts and sensitivity tables (edusim plot)
    "sp_heat_hq": ("P(high-quality balance)", "P（优质均衡资源配置达标）"),
    "sp_heat_cv": ("P(all 7 CVs pass)", "P（7项差异系数全部达标）"),
    "sp_share_runs": ("share of runs", "运行中所占比例"),
    "sp_heat_title": ("{title} in {year}\n{name}: mean over replicates", "{year}年{title}\n{name}：各次重复的均值"),
    "sp_fans_flag": ("P({outcome}): share of replicates, per design point", "P（{outcome}）：各设计点中为真的重复所占比例"),
    "sp_fans": ("{outcome}: median and 10-90 % band over replicates, per design point",
                "{outcome}：各设计点重复模拟的中位数与10%–90%区间"),
    "sp_discovery": ("Scenario discovery for '{target}' in the final year ({share} of runs succeed)",
                     "末年“{target}”的情景发现（{share}的运行为真）"),
    "sp_s1": ("first order S1", "一阶指数 S1"),
    "sp_st": ("total ST", "总效应指数 ST"),
    "sp_sobol_y": ("Sobol index (95 % CI)", "Sobol 指数（95%置信区间）"),
    "sp_drives": ("What drives {name} in {year}{wide}", "{year}年{name}的影响因素{wide}"),
    "sp_wide": (" ({wide} total-index intervals {limit} or wider: more samples needed)",
                "（{wide}个总效应区间宽度不小于{limit}：需要更多样本）"),
    "sp_const": ("{name} in {year}: {value} in every run; no indices", "{year}年{name}：每次运行均为{value}；无指数"),
    "sp_sens_head": ("{name} in {year}: total (ST) and first-order (S1) Sobol indices, 95 % intervals; {note}",
                     "{year}年{name}：总效应（ST）与一阶（S1）Sobol 指数，95%区间；{note}"),
    "sp_sens_wide": ("{wide} of {n} total-index intervals {limit} or wider (marked *)",
                     "{n}个总效应区间中有{wide}个宽度不小于{limit}（标 *）"),
    "sp_param": ("parameter", "参数"),
    "sp_ci": ("ST 95 % CI", "ST 95%区间"),
    "sp_width": ("width", "宽度"),
    "sp_s1_width": ("S1 width", "S1 宽度"),
    "sp_sens_ok": ("every total-index interval narrower than {limit}", "所有总效应区间宽度均小于{limit}"),
    # the marginal value of each policy (compare --marginal, sim.experiments.marginal)
    "bar_marginal": ("full + drop-one runs", "完整情景 + 逐一去掉各政策"),
    "mg_head": ("{name}, {year}, {n} replicates; full scenario: {levels}, cost to {year} {cost} M yuan",
                "{name}，{year}年，重复{n}次；完整情景：{levels}，至{year}年成本{cost}百万元"),
    "mg_p7": ("P(7 CVs)", "P（7项差异系数）"),
    "mg_pfull": ("P(full test)", "P（资源配置全部检验）"),
    "mg_effects_note": ("effect of each policy = full scenario minus the scenario without it: mean over replicates "
                        "[{level} paired bootstrap interval]; P(pass) in percentage points, exchange teachers counted "
                        "at host / home; cost = the package's cost to the year, full minus without",
                        "各政策的作用 = 完整情景减去去掉该政策的情景：重复模拟的均值［{level}配对自助法区间］；达标概率以"
                        "百分点计，交流教师分别计入接收校/派出校；成本 = 至该年的政策包成本，完整情景减去去掉后"),
    "mg_policy": ("policy", "政策"),
    "mg_binding": ("binding CV / threshold", "约束性差异系数/阈值"),
    "mg_gap": ("gap (pupil SD)", "城乡质量差（学生标准差）"),
    "mg_cost_head": ("cost and yuan per percentage point, million yuan (n/a: {zero}; lowers: {lowers})",
                     "成本及每提高一个百分点的成本，百万元（不适用：{zero}；降低：{lowers}）"),
    "mg_zero": ("effect interval includes 0", "作用区间含0"),
    "mg_lowers": ("the policy lowers P(pass)", "该政策降低达标概率"),
    "mg_na_cell": ("n/a", "不适用"),
    "mg_lowers_cell": ("lowers", "降低"),
    "mg_cost": ("cost", "成本"),
    "mg_per_point": ("per point {test} {at}", "每百分点 {test} {at}"),
    # the dashboard; Mesa's own Reset and Step buttons keep their English labels,
    # so the Chinese text names them with their meaning
    "db_title": ("edusim: urban-rural balance dashboard", "edusim：县域义务教育城乡均衡模拟"),
    "db_years_card": ("School years", "学年推进"),
    "db_levers_card": ("Policy levers (then Reset)", "政策参数（调整后按 Reset 重建）"),
    "db_scenario": ("Scenario (press Reset after changing)", "情景（更换后按 Reset）"),
    "db_seed": ("Seed", "随机种子"),
    "db_schools": ("County table: path of an .xlsx or .csv (empty: the scenario's schools)",
                   "本县学校表：.xlsx 或 .csv 文件路径（留空：用情景自带的学校）"),
    "db_lever_exchange_rate": ("Exchange rate", "交流轮岗比例"),
    "db_lever_exchange_backbone_share": ("Backbone share of exchange", "交流教师中骨干教师比例"),
    "db_lever_pairing_tightness": ("Pairing tightness", "结对帮扶紧密度"),
    "db_lever_pool_share": ("Pooled budget share", "经费统筹比例"),
    "db_lever_live_class_reach": ("Live-class reach", "同步课堂覆盖率"),
    "db_lever_rural_allowance_yuan": ("Rural allowance (yuan)", "乡村教师生活补助（元）"),
    "db_map_x": ("community (black ring: core school)", "共同体（黑圈：牵头校）"),
    "db_map_title": ("Schools in school year {year}: size = pupils, darker = better quality, purple = {n} teachers "
                     "on exchange", "{year}学年各校：圆大小＝在校生数，颜色越深＝质量越高，紫线＝{n}名交流轮岗教师"),
    "db_no_community": ("no community", "未加入共同体"),
    "db_cv_title": ("CV {name}", "差异系数：{name}"),
    "db_gap": ("urban - rural quality (pupil SD)", "城乡质量差（学生标准差）"),
    "db_spent_chart": ("cost spent so far (million yuan)", "累计政策投入（百万元）"),
    "db_diversity": ("diversity of members' specialities", "成员校办学特色多样性"),
    "db_lever_head": ("lever|key|value|unit|range|meaning (docs/model.md)",
                      "政策参数|键名|取值|单位|范围|含义（docs/model.md，英文）"),
    "db_range": ("{low} to {high}", "{low}～{high}"),
    "db_school_year": ("School year {year} (autumn census {census})", "{year}学年（{census}年秋季统计）"),
    "db_scenario_line": ("scenario <b>{name}</b>, seed {seed}; levers changed: {changed}",
                         "情景 <b>{name}</b>，随机种子 {seed}；已调整的参数：{changed}"),
    "db_none": ("none", "无"),
    "db_whole": ("whole assessment (4 parts): <b>{verdict}</b>; parts {parts}; failing: {failing}",
                 "整体评估（四个方面）：<b>{verdict}</b>；各方面：{parts}；未达标项目：{failing}"),
    "db_pass": ("PASS", "达标"),
    "db_not_yet": ("not yet", "尚未达标"),
    "db_part_pass": ("{part} pass", "{part}达标"),
    "db_part_fail": ("{part} FAIL", "{part}未达标"),
    "db_resource": ("resource part: <b>{verdict}</b> (7 CVs: {cvs}; schools meeting 6 of 7 standards: {met})",
                    "资源配置：<b>{verdict}</b>（7项差异系数：{cvs}；至少6项达标、其余不低于85%的学校：{met}所）"),
    "db_cvs_ok": ("all below threshold", "均低于阈值"),
    "db_cvs_bad": ("some above threshold", "有指标高于阈值"),
    "db_binding": ("binding CV: {name} {cv}, {ratio} of its threshold; urban-rural quality gap: <b>{gap}</b> pupil SD",
                   "约束性指标：{name} {cv}，为其阈值的{ratio}倍；城乡质量差：<b>{gap}</b>个学生标准差"),
    "db_spent": ("spent on policies so far: <b>{m} million yuan</b>", "累计政策投入：<b>{m}百万元</b>"),
    "db_synthetic": ("synthetic school data (docs/model.md section 4)", "模拟生成的学校数据（docs/model.md 第4节）"),
    "db_table": ("the table of {county}: {path}", "{county}的学校表：{path}"),
    "db_table_error": ("table not loaded: {why}", "学校表未载入：{why}"),
    "db_howto": ("Move a lever, press <b>Reset</b> to rebuild the county with it, then <b>Step</b> one school year or "
                 "<b>&#9654;</b> to play to the end year.",
                 "调整参数后按 <b>Reset</b>（重置）以新参数重建全县，再按 <b>Step</b>（单步）前进一学年，或按 "
                 "<b>&#9654;</b>（播放）一直推进到目标年份。"),
    "db_export": ("Export these settings as a scenario TOML", "导出当前设置为情景文件（TOML）"),
}


class Phrase:
    """A catalogue message inside another one (a place: "--without (policies of …)"), said in the
    language of the message it is in."""

    def __init__(self, key: str, **fields):
        self.key, self.fields = key, fields

    def text(self, lang: str) -> str:
        return say(self.key, lang, **self.fields)

    def __str__(self) -> str:
        return self.text("en")


#: Fields of a message that hold a word of ``_WORDS`` (a stage, a location, what a key must be),
#: said in the message's language.
WORDED_FIELDS = ("stage", "loc", "what")


def say(key: str, lang: str = "en", /, **fields) -> str:
    """The message ``key`` of the catalogue in ``lang``, ``{fields}`` filled (each of WORDED_FIELDS in
    its language, an error within it by its own ``text``)."""
    zh = check_lang(lang) == "zh"
    for name in WORDED_FIELDS:
        if isinstance(fields.get(name), str) and fields[name] in _WORDS:
            fields[name] = _WORDS[fields[name]][zh]
    for name, value in fields.items():
        if callable(getattr(value, "text", None)):  # an InputError said of a place (InputError.at)
            fields[name] = value.text(lang)
        elif isinstance(value, tuple):  # names suggested: 'a' or 'b' / “a”或“b”
            fields[name] = "或".join(f"“{v}”" for v in value) if zh else " or ".join(f"'{v}'" for v in value)
    return _MESSAGES[key][zh].format(**fields)


#: The ready scenarios' descriptions in Chinese (the English is each scenario file's own description).
_SCENARIO_ZH = {
    "chengdu": "成都城乡教育联盟，一个远郊县：43%的学校与中心城区学校结对，教师交流比例2.5%，委托管理，网络学校",
    "dingxi": "定西区域教育协作，一个薄弱县：与强县学校一对一、一托N结对，后备校长与骨干教师挂职，新入职乡村教师45天跟岗培训",
    "pingdingshan": "平顶山市：紧密型31个、联盟型16个教育集团，“3+2”轮岗与新教师跟岗，2024年起“1+1+N”共同体",
    "weicheng": "潍城区：8个“一长多校”1+N学区，人、财、物统筹，教师周转池，新招教师331名，星级评价；含其自述的不足",
    "ziyang": "陕西紫阳县：8个紧密型城乡教育共同体（2024年方案）：结对帮扶、“六统一”、交流轮岗、管理团队、师徒结对、走教、"
              "经费统筹、捆绑考核、乡村教师补助、基建投入、布局调整",
}


def scenario_text(name: str, english: str, lang: str) -> str:
    """A ready scenario's description in ``lang`` (a scenario of the user's own keeps its own)."""
    return _SCENARIO_ZH.get(name, english) if check_lang(lang) == "zh" else english


def width_of(text: str) -> int:
    """The columns ``text`` takes in a terminal: two for a Chinese character (East Asian wide or
    full-width), one for the rest; for aligning and wrapping Chinese."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def padded(text: str, width: int, right: bool = False) -> str:
    """``text`` padded with spaces to ``width`` terminal columns (``right``: aligned right)."""
    space = " " * max(width - width_of(text), 0)
    return space + text if right else text + space


def separator(lang: str) -> str:
    """Between the items of a list in running text."""
    return "；" if check_lang(lang) == "zh" else ", "


def message_keys() -> list[str]:
    """Every key ``say`` knows."""
    return list(_MESSAGES)


#: ``--help`` in Chinese: (command, item) -> text, where item is "description", "epilog", an option
#: ("--json"), a positional's name, or for the command list "cmd:NAME"; command "*" serves every
#: command. ``{default}`` is filled with the option's default. What is not here stays English.
_HELP_ZH = {
    ("edusim", "description"): "模拟县域学校在结对帮扶、教师交流轮岗和资源共享政策下的城乡均衡进程，并计算官方均衡指数。",
    ("edusim", "cmd:forecast"): "预测情景下的均衡指数，附不确定性区间",
    ("edusim", "cmd:balance"): "计算本县学校表的官方均衡指数与自评",
    ("edusim", "cmd:check"): "检查学校表，逐行列出全部问题",
    ("edusim", "cmd:report"): "学校表的缺口报告：哪所学校哪项未达标，差多少",
    ("edusim", "cmd:plan"): "通过资源配置评估（含安全余量）的最低成本措施",
    ("edusim", "cmd:compare"): "比较情景，各自对照无政策的反事实情景，并计算费用",
    ("edusim", "cmd:sweep"): "运行实验文件：参数扫描、重复模拟、可续跑",
    ("edusim", "cmd:plot"): "参数扫描结果的图表：达标热图、扇形图、情景发现、敏感性",
    ("edusim", "cmd:calibrate"): "按观测目标校准参数，写出校准后的情景",
    ("edusim", "cmd:dashboard"): "在浏览器中探索情景：政策杠杆、逐学年推进、实时指数",
    ("edusim", "cmd:allocate"): "在各县间分配省级预算：按不同规则，到目标年份有多少县达标",
    ("edusim", "cmd:pathway"): "在多数可能的未来中，到某年通过整体评估的最低成本逐年安排",
    ("edusim", "cmd:chart"): "根据已保存的预测、比较、边际、地区或分配结果重画图表",
    ("edusim", "cmd:scenarios"): "列出现成情景",
    ("edusim", "cmd:validate"): "回测：模型对照其未据以调参的观测数据",
    ("edusim", "cmd:ledger"): "各政策单独作用五年的效果及其证据范围",
    ("*", "--help"): "显示本帮助并退出",
    ("*", "--version"): "显示程序版本号并退出",
    ("*", "table"): "学校表（.xlsx，或UTF-8/GBK编码的CSV）",
    ("*", "--accept-units"): "即使某列的县域中位数看起来单位有误，也按表中数值使用",
    ("*", "--large"): "解除保护本机的限制：运行预计超过2小时或2GB内存的工作（运行次数 x 学校数 x 年数），读取超过200MB、"
                      "50万行或2000万个单元格的表",
    ("*", "--lang"): "输出语言（默认：表头为中文时用中文，否则英文）",
    ("*", "--teaching-points"): "教学点的计算方式：并入所属学校（“所属学校”列；默认）、作为学校单独计算，或不足50人的不计"
                                "（河北2017年做法）",
    ("*", "--year"): "表中数据的年份，写在每张输出表上（默认：取表格标题、表头上方日期行或文件名中的年份）",
    ("*", "--out"): "输出文件夹（默认在 results/ 下按命令和表名命名）",
    ("*", "--quiet"): "不显示进度条",
    ("*", "--seed"): "随机数种子（默认：情景自带的种子）",
    ("*", "--set"): "覆盖一个参数：模型参数（rural_drift=0.02）或政策参数（teacher_exchange.rate=0.2）；可重复",
    ("*", "--without"): "去掉一项政策（按编号或类型；可重复）；all 表示无政策的反事实情景",
    ("check", "description"): "按其他命令的同一方式读取学校表，逐行列出发现的全部问题（其他命令只在一行错误中给出第一个），\n"
                              "再列出读取时所做的处理。表格可用时退出码为0，不可用时为2。",
    ("check", "epilog"): "示例：\n  edusim check experiments/data/bureau_county.xlsx\n  edusim check 本县学校表.xlsx\n\n不写出任何文件。",
    ("balance", "description"): "计算按在校生数加权的差异系数、优质均衡资源配置评估（7项指标，“7项中6项达标”规则）和\n"
                                "基本均衡评估（8项指标综合差异系数）。",
    ("balance", "epilog"): """学校表：按原样保存的官方报表（.xlsx，或UTF-8/GBK编码的CSV），中文或英文表头，可带单位
（教学仪器设备值（万元）、体育运动场馆面积（亩））；标题行、空行和合计行自动跳过；不认识的列忽略；
九年一贯制学校可以占一行（小学在校生数、初中在校生数；共用资源按1 : 1.1拆分）；教学点在“所属学校”列
写明其学校。所有问题一次报告。docs/county-tables.md 列出全部可识别的表头。

每所学校每个学段一行，填总数（比值由本工具计算）：
  学校名称、学段（小学|初中）、在校生数、
  高于规定学历教师数、县级及以上骨干教师数、体育艺术专任教师数、教学及辅助用房面积、
  体育运动场馆面积、教学仪器设备值、网络多媒体教室数          （优质均衡，必填）
  教学用计算机数、图书册数、专任教师数、中级及以上职称教师数    （基本均衡，选填）
  县（市、区）、共同体、角色（牵头校|成员校|教学点）、城乡类型（城区|镇区|乡村）、
  所属学校（教学点所属的学校）
  班级数                                                      （班额；与专用教室合用）
  音乐专用教室数、美术专用教室数                              （每12个班各一间，至少一间）

整体评估（2017年办法）：资源配置（上述差异系数）、政府保障程度、教育质量、社会认可度。仅凭学校表
可判断学校规模（2000人；九年一贯制2500人）、班额（45/50人）和专用教室。申报项目（待遇、划片、
巩固率、满意度、一票否决等）由 --scenario（其 [declared] 表）或 --declared FILE.toml 提供；
需要模拟的项目（培训学时、交流比例、质量监测）列为未评估。
""",
    ("balance", "--json"): "输出JSON对象而不是表格",
    ("balance", "--scenario"): "申报项目取自该情景的 [declared] 表",
    ("balance", "--declared"): "申报项目取自“键 = 值”形式的TOML文件（或其中的 [declared] 表）",
    ("report", "description"): "每所学校每个学段、优质均衡7项标准逐项给出：实际值、标准值、比值及以该指标单位计的缺口\n"
                               "（教师人数、平方米、元、间）；“7项中6项达标、其余不低于85%”的情况；哪项差异系数\n"
                               "起约束作用、哪些学校影响最大；表中数据允许时，还有学校规模、班额和专用教室。",
    ("report", "epilog"): "示例：\n  edusim report experiments/data/bureau_county.xlsx\n"
                          "  edusim report 本县学校表.xlsx --out results/report/本县\n\n"
                          "写出 DIR/report.xlsx（每张表一页，表格为中文时用中文）、schools.csv、shortfalls.csv、cvs.csv、\n"
                          "other.csv 和 meta.json（默认 DIR：results/report/<表名>）。",
    ("plan", "description"): """找出使该表在安全余量下通过优质均衡资源配置评估和学校规模项的最低成本措施：
  - 在学校之间调配整名教师（表中有共同体时限于共同体内），在空编或新增编制中招聘，
    认定县级或培养市级骨干教师，在职提升学历；
  - 新建教学用房和运动场地（无地可用时建室内场馆），购置仪器设备和多媒体教室；
  - 超过2000人（九年一贯制2500人）的学生连同教师分流到有余位的学校，否则新建学校；
  - 使用 --merge-points 时，把作为学校计算的教学点并入所属学校。
每项措施按文档所列费用、上限和见效时间计（docs/model.md 第13节）。以MILP（HiGHS）加差异系数的
割平面求解，并报告最优性间隙。随后检验：调整后的表能通过 `edusim balance`，且在现状下模拟，
多数重复中次年仍能达标。""",
    ("plan", "epilog"): """安全余量：学校所依靠的每项标准按（1 + 余量）x 标准计，每项差异系数按（1 - 余量）x 阈值计
（默认余量见 --margin），且每所学校每类教师富余K人。未给 --spare-teachers 时依次尝试 K = 1、2、3，
取第一个在 --check-replicates 次模拟中有80%次年仍达标的方案：小规模学校的余量是整名教师
（experiments/plan_margin.py；docs/model.md 第13节）。

示例：
  edusim plan experiments/data/bureau_county.xlsx
  edusim plan 本县学校表.xlsx --set new_post_share=0 --set salary_yuan=95000
  edusim plan 本县学校表.xlsx --margin 0.1 --spare-teachers 1 --out results/plan/本县

写出 DIR/actions.csv（含每项措施的见效时间）、patched.csv（实施方案后的表：可交给 `balance` 或
`forecast --schools`）、plan.xlsx（首页为摘要，随后为分校措施）、plan.json 和 meta.json
（默认 DIR：results/plan/<表名>-m<余量>-s<富余教师>）。未建模：班额、专用教室、首年以后的费用。""",
    ("plan", "--margin"): "每项标准和差异系数阈值的相对安全余量（默认：{default}）",
    ("plan", "--spare-teachers"): "每所学校每类教师在标准之外保留的富余人数（默认：1、2、3中方案能通过次年检验的最小值）",
    ("plan", "--moves"): "教师在共同体内调配（表中有共同体时为默认），或在全县范围调配（县管校聘）",
    ("plan", "--time-limit"): "每个方案的求解秒数（1至3600；默认：{default:g}）",
    ("plan", "--check-replicates"): "次年预测检验的重复次数（0：跳过检验，按富余1人规划；默认：{default}）",
    ("plan", "--merge-points"): "与 --teaching-points separate 或 exclude_small 同用：在能降低费用时把教学点并入其学校"
                                "（计入交通或寄宿费用；撤并农村学校须依法定程序）",
    ("plan", "--budget"): "方案费用上限：寻找富余教师时遇到超出上限的方案即停止，改用不留富余的方案（无论次年能否达标），"
                          "除非它也超出上限；输出会说明超出多少",
    ("plan", "--set"): "覆盖方案的某项费用或上限（new_post_share=0、cost_land_yuan_m2=3000；见 docs/model.md 第13节的表）；可重复",
    ("forecast", "description"): "把情景的多次重复模拟运行到终止年份，并以10%-90%区间绘出官方指数。",
    ("forecast", "epilog"): """示例：
  edusim forecast                               紫阳县到2029年，100次重复，写入 results/forecast/...
  edusim forecast --schools 本县学校表.xlsx      从本县学校表出发（表式见 edusim balance --help）
  edusim forecast --schools 本县学校表.xlsx --scenario ziyang   在紫阳情景的政策下
  edusim forecast --without all                 无政策的反事实情景
  edusim forecast --set teacher_exchange.rate=0.2 --set rural_drift=0.02

写出 DIR/yearly.csv（每年每次重复一行）、DIR/schools.csv（终止年份各校各项指标对照标准，取各次
重复的中位数）、DIR/meta.json 和 DIR/forecast.png。同一种子，同样的文件。

多县：给 --schools 一张带“县（市、区）”列的表，或每县一张表的文件夹。各县分别预测和评估（不跨县合并）。
  edusim forecast --schools 全省.csv --targets 时间表.csv
写出 DIR/counties.csv（每县：P(达标) >= --level 的最早年份、约束性差异系数、费用、目标年份、是否有风险）、
county_years.csv、timetable.csv、runs.parquet、counties.png、timetable.png 和 meta.json。
""",
    ("forecast", "--scenario"): "现成情景（见 edusim scenarios）或TOML文件（默认：ziyang；给了 --schools 时为该表所在县的现状，"
                                "不加新政策）",
    ("forecast", "--replicates"): "独立重复运行次数；越多区间越平滑（默认：{default}，约2秒）",
    ("forecast", "--schools"): "本县学校表（按原样保存的官方报表：xlsx，或UTF-8/GBK编码的CSV；见 edusim balance --help）；"
                               "未给 --scenario 时按现状运行",
    ("forecast", "--end-year"): "预测到该年份，而不是情景自带的终止年份",
    ("forecast", "--out"): "运行结果文件夹（默认：results/forecast/<情景>-seed<种子>-n<次数>；多县：results/region/...）",
    ("forecast", "--targets"): "时间表：县与计划通过年份（县（市、区）、计划通过年份）；列出有风险的县",
    ("forecast", "--overrides"): "各县自己的政策：[\"县名\"] 表，含 scenario / without / set",
    ("forecast", "--level"): "一个县须达到的达标概率（默认：0.8）",
    ("forecast", "--criterion"): "达标的含义：整体评估（默认）、其中资源配置部分，或7项差异系数",
    ("forecast", "--workers"): "并行进程数（默认：全部核心）",
    ("forecast", "--executor"): "各县 x 各次重复在哪里执行（默认：本机进程池）",
    ("forecast", "--scheduler"): "已有的Dask调度器，例如 tcp://host:8786（docs/cluster.md）",
    ("*", "many counties (a table with a county column, or a folder of forms)"):
        "多县（带“县（市、区）”列的表，或每县一张表的文件夹）",
    ("*", "positional arguments"): "位置参数",
    ("*", "options"): "选项",
    ("*", "usage: "): "用法：",
}


def help_zh(command: str, item: str) -> str | None:
    """The Chinese ``--help`` text of ``item`` of ``command`` (``_HELP_ZH``), or None."""
    return _HELP_ZH.get((command, item), _HELP_ZH.get(("*", item)))


def help_zh_commands() -> set[str]:
    """The commands whose ``--help`` is in Chinese (those a bureau runs on its table, and the list of
    commands); the wildcard texts of ``_HELP_ZH`` are written for these."""
    return {command for command, _ in _HELP_ZH} - {"*"}
