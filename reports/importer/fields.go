package importer

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"xiaoneng/data"
)

// Kind is what a file holds.
type Kind string

const (
	Units      Kind = "units"
	Complaints Kind = "complaints"
)

// Label is the kind's name on screen.
func (k Kind) Label() string {
	if k == Units {
		return "单位"
	}
	return "效能投诉"
}

// Field is a field a column can fill.
type Field struct {
	Key      string // stable name, remembered in mappings
	Label    string // shown in the mapping's drop-down
	Required bool
	// Names are the headers offices give the column, most usual first.
	Names []string
}

// unitFields are the columns of a unit registry.
var unitFields = []Field{
	{Key: "name", Label: "单位名称", Required: true, Names: []string{"单位名称", "单位全称", "单位", "名称", "被考核单位"}},
	{Key: "short_name", Label: "简称", Names: []string{"简称", "单位简称"}},
	{Key: "category", Label: "单位类别", Required: true, Names: []string{"单位类别", "类别", "单位类型", "类型", "单位性质", "性质", "分类"}},
	{Key: "parent", Label: "上级单位", Names: []string{"上级单位", "主管部门", "主管单位", "所属部门", "所属单位", "隶属单位", "上级主管部门"}},
	{Key: "principal", Label: "主要负责人", Names: []string{"主要负责人", "负责人", "单位负责人", "法定代表人", "主要领导"}},
	{Key: "leader", Label: "分管领导", Names: []string{"分管领导", "分管负责人", "分管效能工作领导"}},
	{Key: "contact", Label: "联系人", Names: []string{"联系人", "效能联络员", "联络员", "经办人"}},
	{Key: "phone", Label: "联系电话", Names: []string{"联系电话", "电话", "办公电话", "联系方式"}},
	{Key: "hotline", Label: "服务热线", Names: []string{"服务热线", "热线", "服务电话", "咨询电话", "热线电话"}},
	{Key: "address", Label: "地址", Names: []string{"地址", "办公地址", "单位地址"}},
	{Key: "status", Label: "状态", Names: []string{"状态", "单位状态"}},
	{Key: "merged_into", Label: "并入单位", Names: []string{"并入单位", "撤并后单位", "承接单位"}},
	{Key: "note", Label: "备注", Names: []string{"备注", "说明"}},
}

// complaintFields are the columns of a complaint ledger.
var complaintFields = []Field{
	{Key: "number", Label: "编号", Names: []string{"编号", "投诉编号", "登记编号", "案件编号", "受理编号", "件号", "流水号"}},
	{Key: "received_at", Label: "收件时间", Required: true, Names: []string{"收件时间", "收件日期", "受理日期", "受理时间", "登记日期", "登记时间",
		"来件日期", "来件时间", "投诉时间", "投诉日期", "接件时间", "日期", "时间"}},
	{Key: "channel", Label: "投诉渠道", Required: true, Names: []string{"投诉渠道", "渠道", "来源", "投诉来源", "受理方式", "投诉方式",
		"反映渠道", "来件方式", "来源渠道"}},
	{Key: "source_ref", Label: "来源编号", Names: []string{"来源编号", "原编号", "12345工单号", "工单号", "工单编号", "转办编号"}},
	{Key: "complainant", Label: "投诉人", Names: []string{"投诉人", "投诉人姓名", "姓名", "反映人", "举报人", "来访人", "投诉人名称"}},
	{Key: "phone", Label: "联系电话", Names: []string{"联系电话", "投诉人电话", "投诉人联系电话", "电话", "手机", "手机号码", "联系方式"}},
	{Key: "id_number", Label: "身份证号", Names: []string{"身份证号", "身份证号码", "投诉人身份证号", "证件号码"}},
	{Key: "address", Label: "投诉人地址", Names: []string{"投诉人地址", "地址", "住址", "家庭住址", "联系地址"}},
	{Key: "complainant_unit", Label: "投诉人单位", Names: []string{"投诉人单位", "投诉人工作单位", "工作单位"}},
	{Key: "anonymous", Label: "是否匿名", Names: []string{"是否匿名", "匿名"}},
	{Key: "unit", Label: "被投诉单位", Required: true, Names: []string{"被投诉单位", "被反映单位", "被举报单位", "被投诉单位名称", "涉及单位",
		"投诉对象", "单位名称", "单位"}},
	{Key: "person", Label: "被投诉人", Names: []string{"被投诉人", "被投诉人姓名", "被反映人", "被举报人", "涉及人员"}},
	{Key: "post", Label: "被投诉人职务", Names: []string{"被投诉人职务", "被投诉人岗位", "职务", "岗位"}},
	{Key: "category", Label: "投诉类别", Names: []string{"投诉类别", "类别", "问题类别", "问题类型", "投诉类型", "类型", "问题性质"}},
	{Key: "subject", Label: "事由", Names: []string{"事由", "投诉事由", "简要事由", "主要问题", "反映问题", "问题摘要", "摘要", "标题"}},
	{Key: "content", Label: "投诉内容", Names: []string{"投诉内容", "内容", "反映内容", "具体内容", "投诉事项", "详细内容", "主要内容", "投诉问题"}},
	{Key: "accepted_at", Label: "受理时间", Names: []string{"受理时间", "受理日期"}},
	{Key: "status", Label: "办理状态", Names: []string{"办理状态", "状态", "办理情况", "办结情况", "处理状态", "是否办结"}},
	{Key: "handler", Label: "承办单位", Names: []string{"承办单位", "办理单位", "责任单位", "交办单位（承办）"}},
	{Key: "assigned_at", Label: "交办日期", Names: []string{"交办日期", "交办时间"}},
	{Key: "limit", Label: "办理时限", Names: []string{"办理时限", "时限", "办理期限", "期限", "办理时限（工作日）"}},
	{Key: "due", Label: "到期日期", Names: []string{"到期日期", "截止日期", "应办结日期", "办结期限"}},
	{Key: "fed_back_at", Label: "反馈日期", Names: []string{"反馈日期", "反馈时间", "回复日期", "回复时间"}},
	{Key: "feedback", Label: "办理结果", Names: []string{"办理结果", "处理结果", "反馈内容", "处理情况", "办理情况说明"}},
	{Key: "verification", Label: "核实结论", Names: []string{"核实结论", "核实结果", "核实情况", "是否属实", "核查结果"}},
	{Key: "replied_at", Label: "答复日期", Names: []string{"答复日期", "答复时间"}},
	{Key: "closed_at", Label: "办结日期", Names: []string{"办结日期", "办结时间", "结案日期", "结案时间", "完成时间"}},
	{Key: "satisfaction", Label: "满意度", Names: []string{"满意度", "回访结果", "回访满意度", "群众满意度", "是否满意", "回访情况"}},
	{Key: "reject_reason", Label: "不予受理理由", Names: []string{"不予受理理由", "不受理原因", "不予受理原因"}},
	{Key: "transfer_to", Label: "转办机关", Names: []string{"转办机关", "转办单位", "转交单位"}},
	{Key: "archived_at", Label: "归档日期", Names: []string{"归档日期", "归档时间"}},
	{Key: "round", Label: "办理轮次", Names: []string{"办理轮次", "轮次"}},
	{Key: "merged_into", Label: "并入投诉", Names: []string{"并入投诉", "并入", "并入编号", "并入件", "合并到", "并案到"}},
}

// Fields lists the fields of kind in the order the mapping offers them.
func Fields(kind Kind) []Field {
	if kind == Units {
		return unitFields
	}
	return complaintFields
}

func fieldByKey(kind Kind, key string) (Field, bool) {
	for _, f := range Fields(kind) {
		if f.Key == key {
			return f, true
		}
	}
	return Field{}, false
}

// reDecoration matches what headers carry besides their name: notes in
// brackets, required marks, colons, line breaks and spaces.
var reDecoration = regexp.MustCompile(`[（(【\[][^）)】\]]*[）)】\]]|[*＊※:：\s　]`)

// normalize is a header as matched: without decoration.
func normalize(h string) string {
	n := reDecoration.ReplaceAllString(h, "")
	if n == "" {
		return strings.TrimSpace(h)
	}
	return n
}

// matchHeader finds the field a header names: a name given exactly, else
// the name the header contains, preferring one it ends with and then the
// longest (so 被投诉单位名称 is the unit, 单位地址 an address, and
// 被投诉人 is never the 投诉人).
func matchHeader(kind Kind, header string) string {
	h := normalize(header)
	if h == "" {
		return ""
	}
	// the header as written, brackets and all, may be a name (办理时限（工作日）)
	raw := strings.Join(strings.Fields(header), "")
	for _, f := range Fields(kind) {
		for _, n := range f.Names {
			if n == h || n == raw {
				return f.Key
			}
		}
	}
	// a Chinese compound ends in its head noun: 单位地址 is an address
	best, bestScore := "", 0
	for _, f := range Fields(kind) {
		for _, n := range f.Names {
			if len([]rune(n)) < 2 || !strings.Contains(h, n) || strings.Contains(h, "被"+n) {
				continue
			}
			score := len([]rune(n))
			if strings.HasSuffix(h, n) {
				score += 10
			}
			if score > bestScore {
				best, bestScore = f.Key, score
			}
		}
	}
	return best
}

// headerScanRows is how far down a sheet the header is looked for: offices
// put a title, the period and the unit above it.
const headerScanRows = 15

// Header is the header row found in a table.
type Header struct {
	Row    int      // 0-based row of the header (the lower row of a two-row header)
	Titles []string // each column's title; a group title over two rows comes first: 投诉人电话
}

// findHeader finds the row that names the most fields of kind, and its
// score (the number of distinct fields named).
func findHeader(t *Table, kind Kind) (Header, int) {
	best, bestScore := Header{Row: -1}, 0
	for r := 0; r < len(t.Rows) && r < headerScanRows; r++ {
		titles := t.titles(r)
		seen := map[string]bool{}
		for _, h := range titles {
			if k := matchHeader(kind, h); k != "" {
				seen[k] = true
			}
		}
		if len(seen) > bestScore {
			best, bestScore = Header{Row: r, Titles: titles}, len(seen)
		}
	}
	return best, bestScore
}

// titles are the column titles if row r is the header: a title merged
// over several columns in the row above (a group such as 投诉人 over 姓名
// and 电话) is put before the title of each column under it.
func (t *Table) titles(r int) []string {
	width := 0
	for _, row := range t.Rows[max(0, r-1) : r+1] {
		width = max(width, len(row))
	}
	out := make([]string, width)
	for c := range out {
		title := t.Cell(r, c)
		if group := t.group(r-1, c); group != "" && group != title && !strings.HasPrefix(title, group) {
			title = group + title
		}
		out[c] = title
	}
	return out
}

// group is the title over column c in row r when it is merged over some
// columns of the table but not all of them (a merge over all is the
// table's title).
func (t *Table) group(r, c int) string {
	if r < 0 {
		return ""
	}
	for _, m := range t.Merged {
		if m.contains(r, c) && m.Col2 > m.Col1 && !(m.Col1 == 0 && m.Col2 >= len(t.Rows[r+1])-1) {
			return t.Cell(r, c)
		}
	}
	return ""
}

// Mapping says which field each column fills, by column: a field key, or
// "" for a column left out.
type Mapping []string

// Guess maps the header's columns by their titles: the mapping remembered
// for the same headers if there is one, else each title's field (each field
// taken by its first column only).
func Guess(kind Kind, h Header, remembered map[string]map[string]string) Mapping {
	m := make(Mapping, len(h.Titles))
	if saved, ok := remembered[Signature(kind, h)]; ok {
		for i, key := range columnKeys(h) {
			if f, ok := fieldByKey(kind, saved[key]); ok {
				m[i] = f.Key
			}
		}
		return m
	}
	taken := map[string]bool{}
	for i, title := range h.Titles {
		k := matchHeader(kind, title)
		if taken[k] {
			// a name two fields share (受理时间: the receipt in an office's
			// ledger, the acceptance beside 收件时间 in the program's own)
			k = otherExact(kind, title, taken)
		}
		if k != "" {
			m[i], taken[k] = k, true
		}
	}
	return m
}

// otherExact is a field not yet taken that title names exactly, "" if none.
func otherExact(kind Kind, title string, taken map[string]bool) string {
	h := normalize(title)
	for _, f := range Fields(kind) {
		if !taken[f.Key] && slices.Contains(f.Names, h) {
			return f.Key
		}
	}
	return ""
}

// Signature identifies a set of headers, under which a mapping is
// remembered: the kind and the column titles in order.
func Signature(kind Kind, h Header) string {
	return string(kind) + "|" + strings.Join(columnKeys(h), "|")
}

// columnKeys name the columns in a remembered mapping: the title, with
// its column number when two columns share it.
func columnKeys(h Header) []string {
	count := map[string]int{}
	for _, t := range h.Titles {
		count[t]++
	}
	keys := make([]string, len(h.Titles))
	for i, t := range h.Titles {
		keys[i] = t
		if count[t] > 1 || t == "" {
			keys[i] = fmt.Sprintf("%s#%d", t, i+1)
		}
	}
	return keys
}

// Remember is the mapping as the settings keep it: column key → field.
func (m Mapping) Remember(h Header) map[string]string {
	out := map[string]string{}
	for i, key := range columnKeys(h) {
		if i < len(m) && m[i] != "" {
			out[key] = m[i]
		}
	}
	return out
}

// Check refuses a mapping that fills a field from two columns or leaves a
// required field without a column.
func (m Mapping) Check(kind Kind, h Header) error {
	cols := map[string][]string{}
	for i, k := range m {
		if k != "" {
			cols[k] = append(cols[k], fmt.Sprintf("“%s”", h.Titles[i]))
		}
	}
	var problems []string
	for _, f := range Fields(kind) {
		switch {
		case len(cols[f.Key]) > 1:
			problems = append(problems, fmt.Sprintf("%s列都对应了“%s”，只能选一列", strings.Join(cols[f.Key], "、"), f.Label))
		case f.Required && len(cols[f.Key]) == 0:
			problems = append(problems, fmt.Sprintf("没有对应“%s”的列", f.Label))
		}
	}
	if kind == Complaints && len(cols["subject"]) == 0 && len(cols["content"]) == 0 {
		problems = append(problems, "没有对应“事由”或“投诉内容”的列")
	}
	if len(problems) == 0 {
		return nil
	}
	sort.Strings(problems)
	return data.Invalid("Mapping", strings.Join(problems, "；"))
}
