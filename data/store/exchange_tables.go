package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"xiaoneng/data"
	"xiaoneng/data/exchange"
)

// The tables a field ledger shares with its office, parents before
// children; what travels of each is every column but the record's own
// (recordColumns, clock) and those named home.
var exchangeTables = []*exTable{
	{name: "calendar_years", label: "节假日安排"},
	{name: "people", label: "人员"},
	{name: "units", label: "单位"},
	{name: "rounds", label: "督查活动", links: []linkSpec{
		{table: "round_members", ownerCol: "round_id", otherCol: "person_id", label: "检查组成员"},
		{table: "round_units", ownerCol: "round_id", otherCol: "unit_id", label: "检查单位"}}},
	{name: "visits", label: "检查记录", links: []linkSpec{
		{table: "visit_inspectors", ownerCol: "visit_id", otherCol: "person_id", label: "检查人员"}}},
	{name: "unit_disclosures", label: "制度公示"},
	{name: "findings", label: "发现问题"},
	{name: "finding_events", label: "整改记录"},
	// A ticket's number is the office's; its search key and import key are
	// this ledger's own; the complainant's identity stays home, the field
	// sees only its mask (and never sends it back).
	{name: "complaints", label: "投诉件", home: map[string]bool{"search_key": true, "import_key": true}, masked: identityMasks},
	{name: "complaint_events", label: "投诉办理记录"},
	{name: "activity_logs", label: "公务活动登记"},
	{name: "documents", label: "文书", links: []linkSpec{
		{table: "document_findings", ownerCol: "document_id", otherCol: "finding_id", label: "所涉问题"}}},
	{name: "attachments", label: "照片和附件"},
	// When sign-in (issue 18) lands, its users join this list, with their
	// step in checkoutScope: the accounts of the rounds' teams and of the
	// office's 外勤 users, their password hashes only (home: identity key
	// grants, sessions), so that they sign in on the laptop as in the office;
	// the complainant then travels as its masked columns only (the sealed
	// column, search hashes and key wraps home).
}

// exTable is a table of the exchange.
type exTable struct {
	name   string
	label  string
	links  []linkSpec
	home   map[string]bool // columns that never travel
	masked masks           // columns that go out masked and never come back

	once sync.Once
	cols []exColumn // loaded from the schema on first use
	err  error
}

// linkSpec is a set of links a record owns, travelling as a field of it.
type linkSpec struct {
	table, ownerCol, otherCol, label string
}

// exColumn is a column that travels, with its type.
type exColumn struct {
	name    string
	typ     string // INTEGER, REAL or TEXT
	notNull bool
}

var exchangeByName = func() map[string]*exTable {
	m := map[string]*exTable{}
	for _, t := range exchangeTables {
		m[t.name] = t
	}
	return m
}()

// linkOf finds the link table of a table's spec.
func linkOf(table, link string) linkSpec {
	for _, l := range exchangeByName[table].links {
		if l.table == link {
			return l
		}
	}
	panic("store: no link table " + link + " on " + table)
}

// columns reads the table's travelling columns from the schema once.
func (x *exTable) columns(ctx context.Context, q querier) ([]exColumn, error) {
	x.once.Do(func() {
		rows, err := q.QueryContext(ctx, fmt.Sprintf("SELECT name, type, \"notnull\" FROM pragma_table_info('%s') ORDER BY cid", x.name))
		if err != nil {
			x.err = fmt.Errorf("store: columns of %s: %w", x.name, err)
			return
		}
		defer rows.Close()
		skip := map[string]bool{"clock": true}
		for _, c := range strings.Split(recordColumns, ", ") {
			skip[c] = true
		}
		for rows.Next() {
			var c exColumn
			if err := rows.Scan(&c.name, &c.typ, &c.notNull); err != nil {
				x.err = fmt.Errorf("store: columns of %s: %w", x.name, err)
				return
			}
			if !skip[c.name] && !x.home[c.name] {
				x.cols = append(x.cols, c)
			}
		}
		x.err = rows.Err()
	})
	return x.cols, x.err
}

func (x *exTable) column(cols []exColumn, name string) (exColumn, bool) {
	for _, c := range cols {
		if c.name == name {
			return c, true
		}
	}
	return exColumn{}, false
}

// stored turns a value read from a package into what the column stores,
// refusing one of the wrong type.
func (c exColumn) stored(v any) (any, error) {
	bad := func() error {
		return &data.PackageError{Message: fmt.Sprintf("外勤包中字段“%s”的值类型不对，包已损坏。", c.name)}
	}
	if v == nil {
		if c.notNull {
			return nil, bad()
		}
		return nil, nil
	}
	switch c.typ {
	case "INTEGER":
		switch x := v.(type) {
		case json.Number:
			n, err := x.Int64()
			if err != nil {
				return nil, bad()
			}
			return n, nil
		case int64:
			return x, nil
		}
	case "REAL":
		switch x := v.(type) {
		case json.Number:
			f, err := x.Float64()
			if err != nil {
				return nil, bad()
			}
			return f, nil
		case float64:
			return x, nil
		case int64:
			return float64(x), nil
		}
	default:
		if s, ok := v.(string); ok {
			return s, nil
		}
	}
	return nil, bad()
}

// sameValue compares two stored values (a REAL read back may come as an
// integer).
func sameValue(a, b any) bool {
	if x, ok := a.([]byte); ok {
		a = string(x)
	}
	if x, ok := b.([]byte); ok {
		b = string(x)
	}
	if fa, ok := a.(float64); ok {
		if ib, ok := b.(int64); ok {
			return fa == float64(ib)
		}
	}
	if fb, ok := b.(float64); ok {
		if ia, ok := a.(int64); ok {
			return fb == float64(ia)
		}
	}
	return a == b
}

// sameLinks compares two sets of ids.
func sameLinks(a, b []string) bool {
	return strings.Join(sortedUnique(a), ",") == strings.Join(sortedUnique(b), ",")
}

// columnLabels name the fields a preview or a conflict shows.
var columnLabels = map[string]string{
	"name": "名称", "short_name": "简称", "category": "类别", "parent_id": "上级单位", "principal": "主要负责人",
	"leader_in_charge": "分管领导", "contact": "联系人", "phone": "电话", "hotline": "服务热线", "address": "地址",
	"status": "状态", "merged_into_id": "并入", "note": "备注", "initials": "拼音首字母",
	"role": "身份", "post": "职务", "organization": "单位", "can_sign": "可签发", "can_see_identity": "可查看投诉人", "active": "在岗",
	"title": "标题", "kind": "种类", "start_date": "开始日期", "end_date": "结束日期", "description": "说明", "leader_id": "带队领导",
	"round_id": "督查活动", "unit_id": "单位", "visited_at": "检查时间", "place": "地点", "summary": "检查情况",
	"phone_number": "暗访电话", "answered": "接听情况", "attitude": "服务态度",
	"item": "公示制度", "posted": "已公示", "checked_on": "检查日期", "visit_id": "检查记录",
	"found_on": "发现日期", "staff_name": "涉及人员", "staff_post": "岗位", "disposition": "处理方式",
	"rect_status": "整改状态", "rect_limit_days": "整改期限（工作日）", "rect_due": "整改期限", "report_on": "整改报告日期",
	"report_content": "整改报告", "recheck_on": "复查日期", "recheck_result": "复查结果", "recheck_by": "复查人", "closed_on": "办结日期",
	"finding_id": "发现问题", "at": "时间", "actor": "经办人", "on_date": "日期", "limit_days": "期限（工作日）",
	"due_date": "到期日", "result": "结果",
	"number": "编号", "year": "年份", "seq": "序号", "received_at": "收件时间", "channel": "渠道", "source_ref": "来源编号",
	"anonymous": "匿名", "complainant_name": "投诉人", "complainant_phone": "投诉人电话", "complainant_id_number": "身份证号",
	"complainant_address": "投诉人地址", "complainant_unit": "投诉人单位", "person_name": "被投诉人", "person_post": "被投诉人岗位",
	"subject": "事由", "content": "内容", "accept_due": "受理期限", "accepted_at": "受理时间", "reject_reason": "不予受理理由",
	"transfer_to": "转办机关", "handler_unit_id": "承办单位", "assigned_at": "交办时间", "fed_back_at": "反馈时间",
	"feedback": "反馈情况", "verification": "核实结论", "replied_at": "答复时间", "satisfaction": "满意度",
	"closed_at": "办结时间", "archived_at": "归档时间", "round": "轮次", "complaint_id": "投诉件",
	"method": "方式", "approved_by": "批准人", "done_by": "办理人", "related_id": "相关投诉件",
	"agency": "检查机关", "officers": "执法人员", "purpose": "事由", "basis": "依据", "form_filled": "已填登记表",
	"recipient_unit_id": "主送单位", "recipient": "主送", "body": "正文", "prefix": "发文代字", "issuing_body": "发文机关",
	"signed_on": "签发日期", "signer": "签发人", "reply_due": "回复期限", "with_identity": "含投诉人信息",
	"delivered_on": "送达日期", "delivery_method": "送达方式", "delivered_to": "受送达人", "delivered_by": "送达人",
	"delivery_place": "送达地点", "refusal_note": "拒收情况", "witness": "见证人", "replied_on": "回复日期",
	"reply_content": "回复内容", "archived_on": "归档日期", "void_reason": "作废原因",
	"owner_kind": "所属", "owner_id": "所属记录", "mime": "类型", "sha256": "校验值", "size": "大小",
	"days_off": "放假日期", "work_days": "调休上班日期",
	exchange.DeletedField: "删除",
}

// fieldLabel names a field of a table for the user.
func fieldLabel(table, field string) string {
	if x := exchangeByName[table]; x != nil {
		for _, l := range x.links {
			if l.table == field {
				return l.label
			}
		}
	}
	if l, ok := columnLabels[field]; ok {
		return l
	}
	return field
}

// recordTitle says which record a change is about, from its fields: what
// the preview and the conflicts list show. unit names a unit by id.
func recordTitle(table string, f map[string]any, unit func(string) string) string {
	str := func(k string) string {
		switch v := f[k].(type) {
		case string:
			return v
		case nil:
			return ""
		default:
			return fmt.Sprint(v)
		}
	}
	day := func(k string) string {
		s := str(k)
		if len(s) >= 10 {
			return s[:10]
		}
		return s
	}
	var parts []string
	switch table {
	case "calendar_years":
		parts = []string{str("year") + "年"}
	case "people", "units":
		parts = []string{str("name")}
	case "rounds", "documents":
		parts = []string{str("title")}
	case "visits":
		parts = []string{unit(str("unit_id")), day("visited_at")}
	case "unit_disclosures":
		parts = []string{unit(str("unit_id")), str("item")}
	case "findings":
		parts = []string{unit(str("unit_id")), shorten(str("description"), 24)}
	case "finding_events", "complaint_events":
		parts = []string{str("kind"), day("at")}
	case "complaints":
		parts = []string{str("number"), shorten(str("subject"), 24)}
	case "activity_logs":
		parts = []string{unit(str("unit_id")), day("on_date"), str("agency")}
	case "attachments":
		parts = []string{str("name")}
	}
	var out []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " ")
}

func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// showValue writes a stored value for the user.
func showValue(field string, v any) string {
	switch x := v.(type) {
	case nil:
		if field == exchange.DeletedField {
			return "未删除"
		}
		return "（空）"
	case []string:
		return strings.Join(x, "、")
	case int64:
		return strconv.FormatInt(x, 10)
	case string:
		if field == exchange.DeletedField {
			if x == "" {
				return "未删除"
			}
			return "已删除（" + shorten(x, 16) + "）"
		}
		if x == "" {
			return "（空）"
		}
		return x
	default:
		return fmt.Sprint(x)
	}
}
