package data

// Field is how a person sees one field of a kind of record: its Chinese
// label, the kind of record it refers to (a table, for ids), whether it is
// a yes/no, and whether it is technical (kept for the program, such as a
// clock or a hash, and left out of what a person reads).
type Field struct {
	Label     string
	Refers    string // the table an id refers to; "" for a plain value
	YesNo     bool   // 1/0 read as 是/否
	Kind      bool   // the value names a kind of record by its table (units)
	Technical bool
}

// The constructors keep the table below one line a field.
func label(l string) Field      { return Field{Label: l} }
func ref(l, table string) Field { return Field{Label: l, Refers: table} }
func yesNo(l string) Field      { return Field{Label: l, YesNo: true} }
func technical(l string) Field  { return Field{Label: l, Technical: true} }
func refTo(table string) func(string) Field {
	return func(l string) Field { return ref(l, table) }
}

var (
	unitRef      = refTo("units")
	personRef    = refTo("people")
	complaintRef = refTo("complaints")
)

// commonFields are the columns every record table has.
var commonFields = map[string]Field{
	"id": technical("编号"), "created_at": technical("创建时间"), "updated_at": technical("修改时间"),
	"updated_by": technical("修改人"), "device": technical("设备"), "deleted_at": label("删除时间"),
	"clock": technical("版本时钟"), "version": technical("保存次数"),
}

// actionFields are what the rows of actions other than changes hold
// (an export, a print, a sign-in), whatever their table.
var actionFields = map[string]Field{
	"export": {Label: "导出内容", Kind: true}, "output": label("输出"), "reason": label("原因"), "until": label("锁定至"),
	"locked_until": label("锁定至"), "result": label("结果"), "granted": label("授权用户"), "login": label("登录名"),
	"password_cost": label("密码散列参数"),
}

// recordFields are the fields of each kind of record, by table and column
// (or, for links a record owns, the link table; for settings, the field of
// Settings as saved): the one home of the labels the forms, the exports,
// the field exchange and the 审计日志 show.
var recordFields = map[string]map[string]Field{
	"units": {
		"name": label("单位名称"), "short_name": label("简称"), "category": label("单位类别"), "parent_id": unitRef("上级单位"),
		"principal": label("主要负责人"), "leader_in_charge": label("分管领导"), "contact": label("联系人"), "phone": label("联系电话"),
		"hotline": label("服务热线"), "address": label("地址"), "status": label("状态"), "merged_into_id": unitRef("并入单位"),
		"note": label("备注"), "initials": technical("拼音首字母"),
	},
	"unit_disclosures": {
		"unit_id": unitRef("单位"), "item": label("公示制度"), "posted": yesNo("已公示"), "checked_on": label("检查日期"),
		"visit_id": ref("检查记录", "visits"),
	},
	"people": {
		"name": label("姓名"), "role": label("身份"), "post": label("职务"), "organization": label("单位"), "phone": label("联系电话"),
		"can_sign": yesNo("可签发"), "can_see_identity": yesNo("可查看投诉人"), "active": yesNo("在岗"), "note": label("备注"),
	},
	"rounds": {
		"title": label("活动名称"), "kind": label("督查方式"), "start_date": label("开始日期"), "end_date": label("结束日期"),
		"description": label("说明"), "leader_id": personRef("带队"), "round_members": personRef("成员"),
		"round_units": unitRef("计划检查单位"),
	},
	"visits": {
		"round_id": ref("督查活动", "rounds"), "unit_id": unitRef("被检查单位"), "visited_at": label("检查时间"), "place": label("地点"),
		"summary": label("检查情况"), "phone_number": label("拨打号码"), "answered": label("接听情况"), "attitude": label("服务态度"),
		"visit_inspectors": personRef("检查人员"),
	},
	"findings": {
		"visit_id": ref("检查记录", "visits"), "unit_id": unitRef("单位"), "found_on": label("发现日期"), "category": label("问题类别"),
		"description": label("问题描述"), "staff_name": label("涉及人员"), "staff_post": label("职务"), "disposition": label("处理方式"),
		"rect_status": label("整改状态"), "rect_limit_days": label("整改时限（工作日）"), "rect_due": label("整改期限"),
		"report_on": label("整改报告日期"), "report_content": label("整改情况"), "recheck_on": label("复查日期"),
		"recheck_result": label("复查结果"), "recheck_by": label("复查人"), "closed_on": label("销号日期"),
	},
	"finding_events": {
		"finding_id": ref("发现问题", "findings"), "kind": label("环节"), "at": label("时间"), "actor": label("经办人"),
		"on_date": label("日期"), "limit_days": label("时限（工作日）"), "due_date": label("期限"), "result": label("结果"), "note": label("备注"),
	},
	"complaints": {
		"number": label("编号"), "year": label("年度"), "seq": label("序号"), "received_at": label("收件时间"), "channel": label("投诉渠道"),
		"source_ref": label("来源编号"), "anonymous": yesNo("是否匿名"), "complainant_name_mask": label("投诉人"),
		"complainant_phone_mask": label("联系电话"), "complainant_id_number_mask": label("身份证号"),
		"complainant_address_mask": label("投诉人地址"), "complainant_unit_mask": label("投诉人单位"),
		"complainant_sealed": label("投诉人身份"), "unit_id": unitRef("被投诉单位"), "person_name": label("被投诉人"),
		"person_post": label("被投诉人职务"), "category": label("投诉类别"), "subject": label("事由"), "content": label("投诉内容"),
		"status": label("办理状态"), "accept_due": label("受理期限"), "accepted_at": label("受理时间"), "reject_reason": label("不予受理理由"),
		"transfer_to": label("转办机关"), "handler_unit_id": unitRef("承办单位"), "assigned_at": label("交办时间"),
		"limit_days": label("办理时限"), "due_date": label("到期日期"), "fed_back_at": label("反馈时间"), "feedback": label("办理结果"),
		"verification": label("核实结论"), "replied_at": label("答复时间"), "satisfaction": label("满意度"), "closed_at": label("办结时间"),
		"archived_at": label("归档时间"), "merged_into_id": complaintRef("并入投诉"), "round": label("办理轮次"),
		"overdue_from": label("超期起算日"), "verdict": label("回访结论"),
		"import_key": technical("导入标识"), "search_key": technical("检索键"),
	},
	"complaint_events": {
		"complaint_id": complaintRef("投诉件"), "kind": label("环节"), "at": label("时间"), "actor": label("经办人"),
		"round": label("办理轮次"), "handler_unit_id": unitRef("承办单位"), "limit_days": label("办理时限"), "due_date": label("到期日期"),
		"method": label("方式"), "result": label("结果"), "note": label("备注"), "approved_by": label("批准人"), "done_by": label("办理人"),
		"transfer_to": label("转办机关"), "related_id": complaintRef("相关投诉件"),
	},
	"actions": {
		"target_kind": label("追究对象"), "unit_id": unitRef("单位"), "person_name": label("姓名"), "person_post": label("职务"),
		"measure": label("追究方式"), "finding_id": ref("发现问题", "findings"), "complaint_id": complaintRef("投诉件"),
		"reason": label("事由"), "decided_on": label("决定日期"), "decided_by": label("决定机关"), "doc_number": label("文号"),
		"task_id": ref("督办事项", "tasks"),
	},
	"documents": {
		"kind": label("文书种类"), "status": label("状态"), "title": label("标题"), "recipient_unit_id": unitRef("主送单位"),
		"recipient": label("主送"), "body": label("正文"), "prefix": label("发文代字"), "year": label("年度"), "seq": label("序号"),
		"number": label("文号"), "issuing_body": label("发文机关"), "signed_on": label("成文日期"), "signer": label("签发人"),
		"reply_due": label("回复期限"), "with_identity": yesNo("含投诉人信息"), "delivered_on": label("送达日期"),
		"delivery_method": label("送达方式"), "delivered_to": label("签收人"), "delivered_by": label("送达人"),
		"delivery_place": label("送达地点"), "refusal_note": label("拒收情况"), "witness": label("见证人"), "replied_on": label("回复日期"),
		"reply_content": label("回复内容"), "archived_on": label("归档日期"), "void_reason": label("作废原因"),
		"complaint_id": complaintRef("投诉件"), "round_id": ref("督查活动", "rounds"), "visit_id": ref("检查记录", "visits"),
		"document_findings": ref("所涉问题", "findings"),
	},
	"attachments": {
		"owner_kind": label("所属"), "owner_id": ref("所属记录", OwnerTable), "name": label("文件名"), "mime": label("类型"),
		"sha256": technical("校验值"), "size": label("大小（字节）"),
	},
	"activity_logs": {
		"unit_id": unitRef("单位"), "on_date": label("日期"), "agency": label("检查机关"), "officers": label("执法人员"),
		"purpose": label("事由"), "basis": label("依据"), "form_filled": yesNo("已填登记表"), "note": label("备注"),
		"complaint_id": complaintRef("投诉件"),
	},
	"tasks": {
		"number": label("督办编号"), "year": label("年度"), "seq": label("序号"), "source": label("来源"), "source_ref": label("来源文号"),
		"title": label("督办事项"), "content": label("督办内容"), "lead_unit_id": unitRef("牵头单位"), "due_date": label("办结期限"),
		"handler": label("经办人"), "status": label("状态"), "registered_on": label("立项日期"), "assigned_on": label("交办日期"),
		"reported_on": label("报告日期"), "closed_on": label("办结日期"),
	},
	"task_events": {
		"task_id": ref("督办事项", "tasks"), "kind": label("环节"), "at": label("时间"), "actor": label("经办人"), "unit_id": unitRef("单位"),
		"on_date": label("日期"), "percent": label("进度（%）"), "due_date": label("期限"), "result": label("结果"), "note": label("备注"),
		"approved_by": label("批准人"), "milestone_id": ref("工作节点", "task_milestones"), "action_id": ref("责任追究", "actions"),
	},
	"task_milestones": {
		"task_id": ref("督办事项", "tasks"), "seq": label("序号"), "title": label("工作节点"), "due_date": label("期限"),
		"done_on": label("完成日期"),
	},
	"task_units": {
		"task_id": ref("督办事项", "tasks"), "unit_id": unitRef("单位"), "role": label("角色"), "sign_due": label("签收期限"),
		"signed_on": label("签收日期"), "signed_by": label("签收人"), "notice_id": ref("督办通知", "documents"),
	},
	"appraisal_rounds": {
		"title": label("测评名称"), "kind": label("测评方式"), "from_date": label("测评期起"), "to_date": label("测评期止"),
		"held_on": label("测评日期"), "note": label("备注"),
	},
	"appraisal_results": {
		"round_id": ref("测评", "appraisal_rounds"), "unit_id": unitRef("单位"), "ballots": label("有效票"), "satisfied": label("满意"),
		"basic": label("基本满意"), "unsatisfied": label("不满意"), "score": label("得分"), "note": label("备注"),
	},
	"appraisal_posts": {
		"round_id": ref("测评", "appraisal_rounds"), "unit_id": unitRef("单位"), "post": label("岗位"), "holder": label("在岗人员"),
		"duties": label("岗位职责"), "score": label("得分"), "mark": label("评定"), "action_id": ref("责任追究", "actions"),
	},
	"calendar_years": {
		"year": label("年度"), "days_off": label("放假日期"), "work_days": label("调休上班日期"), "note": label("依据文件"),
	},
	"users": {
		"login": label("登录名"), "name": label("姓名"), "roles": label("角色"), "active": yesNo("启用"),
		"must_change_password": yesNo("须修改密码"),
	},
	"field_checkouts": {
		"laptop": label("外勤电脑"), "rounds": label("督查活动"), "rounds.ID": technical("编号"), "rounds.Title": label("活动名称"),
		"closed_at": label("收回时间"), "role": label("角色"), "created_by": label("经办人"), "office_name": label("办公室台账"),
		"peer_summary": label("对方情况"), "office_id": technical("台账标识"), "peer": technical("对方台账"),
		"sent_seq": technical("已发序号"), "acked_seq": technical("已确认序号"), "peer_seq": technical("对方序号"),
		"audit_acked": technical("已确认日志"), "audit_peer": technical("对方日志"),
	},
	"field_packages": {
		"package": label("外勤包"), "file": label("文件"), "summary": label("内容"), "checkout_id": technical("外勤台账"),
		"direction": label("方向"), "kind": label("种类"), "seq": label("序号"), "at": label("时间"), "actor": label("经办人"),
	},
	"import_batches": {
		"kind": {Label: "导入内容", Kind: true}, "source": label("文件"), "at": label("导入时间"), "actor": label("导入人"),
		"added": label("新增记录数"), "undone_at": label("撤销时间"), "undone_by": label("撤销人"),
	},
	"ledger_keys": {
		"public_key": technical("公钥"), "recovery": label("恢复码"), "recovery_wrap": technical("恢复码密钥"),
	},
	// The settings table holds one row, the saved Settings: its audit rows
	// name the fields of Settings (and of the weights inside it).
	"settings": {
		"key": technical("设置项"), "value": technical("内容"),
		"OfficeName": label("本办名称"), "IssuingBody": label("发文机关署名"), "DocPrefixes": label("发文代字"),
		"AcceptLimitDays": label("受理时限（工作日）"), "HandleLimitDays": label("办理时限（工作日）"),
		"Limit12345Days": label("12345转办办理时限（工作日）"), "MonitorReplyDays": label("监测点答复时限（工作日）"),
		"MaxLimitDays": label("最长办理时限（工作日）"), "WarnDays": label("临近到期提醒（工作日）"),
		"RectLimitDays": label("整改时限（工作日）"), "IdleLockMinutes": label("无操作自动锁定（分钟）"), "BackupDir": label("备份目录"),
		"FontDir": label("字体目录"), "BackupDays": label("保留每日备份（天）"), "BackupWeeks": label("保留每周备份（周）"),
		"Templates": label("文书模板"), "ImportMappings": label("导入列对应"), "AssessmentWeights": label("考核权重"),
		"AssessmentWeights.Base": label("基础分"), "AssessmentWeights.Finding": label("每个发现问题扣分"),
		"AssessmentWeights.Substantiated": label("每件属实投诉扣分"), "AssessmentWeights.Overdue": label("每件超期扣分"),
		"AssessmentWeights.RectFailed": label("每个整改不到位扣分"), "AssessmentWeights.Satisfaction": label("满意度权重"),
		"AssessmentWeights.YellowCards": label("黄牌警告单位数"), "AssessmentWeights.Categories": label("参加考核的单位类别"),
	},
}

// OwnerTable stands for the table an attachment's owner_id refers to,
// which its owner_kind names (OwnerKind.Table).
const OwnerTable = "*owner"

// FieldOf is the field column of table is: ok false for a column the
// table above does not know.
func FieldOf(table, column string) (Field, bool) {
	if f, ok := recordFields[table][column]; ok {
		return f, true
	}
	if _, ok := recordFields[table]; ok {
		if f, ok := commonFields[column]; ok {
			return f, true
		}
	}
	f, ok := actionFields[column]
	return f, ok
}

// FieldLabel is the Chinese label of column of table; a column it does not
// know (a key already in Chinese, such as an action's note) keeps its name.
func FieldLabel(table, column string) string {
	if f, ok := FieldOf(table, column); ok {
		return f.Label
	}
	return column
}

// FieldLabels are the labels of columns of table, in order: the titles of
// an export's columns.
func FieldLabels(table string, columns ...string) []string {
	out := make([]string, len(columns))
	for i, c := range columns {
		out[i] = FieldLabel(table, c)
	}
	return out
}

// FieldTables are the tables whose fields the table above labels.
func FieldTables() []string {
	out := make([]string, 0, len(recordFields))
	for t := range recordFields {
		out = append(out, t)
	}
	return out
}

// ownerTables are the tables an attachment's owner kinds refer to.
var ownerTables = map[OwnerKind]string{
	OwnerVisit: "visits", OwnerFinding: "findings", OwnerFindingEvent: "finding_events",
	OwnerComplaint: "complaints", OwnerComplaintEvent: "complaint_events", OwnerDocument: "documents",
}

// ownerLabels name the owner kinds for a person.
var ownerLabels = map[OwnerKind]string{
	OwnerVisit: "检查记录", OwnerFinding: "发现问题", OwnerFindingEvent: "整改记录",
	OwnerComplaint: "投诉件", OwnerComplaintEvent: "投诉办理记录", OwnerDocument: "文书",
}

// Table is the table of the records of kind k.
func (k OwnerKind) Table() string { return ownerTables[k] }

// Label names the kind for a person (检查记录); an unknown kind keeps its name.
func (k OwnerKind) Label() string {
	if l, ok := ownerLabels[k]; ok {
		return l
	}
	return string(k)
}

// RecordKinds names the tables of the audit log as the user knows them.
var RecordKinds = map[string]string{
	"units": "单位", "unit_disclosures": "单位", "people": "人员", "rounds": "督查活动", "visits": "督查活动",
	"findings": "发现问题", "finding_events": "发现问题", "complaints": "投诉件", "complaint_events": "投诉件",
	"actions": "责任追究", "documents": "公文", "attachments": "附件", "activity_logs": "公务活动登记",
	"tasks": "督办事项", "task_events": "督办事项", "task_milestones": "督办事项", "task_units": "督办事项",
	"appraisal_rounds": "测评", "appraisal_results": "测评", "appraisal_posts": "测评",
	"calendar_years": "设置", "settings": "设置", "users": "用户", "ledger_keys": "台账密钥",
	"field_checkouts": "外勤台账", "field_packages": "外勤包", "import_batches": "导入批次",
	"audit": "审计日志", // what an export of the log names (store.AuditExport)
}

// RecordKind names a table of the audit log as the user knows it (投诉件);
// a table it does not know keeps its name.
func RecordKind(table string) string {
	if k, ok := RecordKinds[table]; ok {
		return k
	}
	return table
}
