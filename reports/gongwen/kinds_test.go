package gongwen

import (
	"errors"
	"strings"
	"testing"

	"xiaoneng/data"
)

func TestFill(t *testing.T) {
	got, err := Fill("请于{{整改期限}}前将{{ 单位 }}的整改情况报告我办。", map[string]string{"整改期限": "2026年12月5日", "单位": "县市场监管局"})
	if err != nil || got != "请于2026年12月5日前将县市场监管局的整改情况报告我办。" {
		t.Errorf("Fill = %q, %v", got, err)
	}
	for _, tc := range []struct{ template, want string }{
		{"请于{{整改日期}}前报告。", "“整改日期”"},
		{"{{}}", "（空白）"},
		{"请于{{整改期限前报告。", "未闭合"},
		{"请于整改期限}}前报告。", "多余"},
	} {
		_, err := Fill(tc.template, map[string]string{"整改期限": "2026年12月5日"})
		var ve *data.ValidationError
		if !errors.As(err, &ve) || !strings.Contains(ve.Message, tc.want) {
			t.Errorf("Fill(%q): %v, want a message with %q", tc.template, err, tc.want)
		}
	}
	_, err = Fill("{{单位}}{{日期}}", map[string]string{"整改期限": ""})
	if err == nil || !strings.Contains(err.Error(), "整改期限") || !strings.Contains(err.Error(), "“单位”“日期”") {
		t.Errorf("the error should name the unknown fields and list the known ones: %v", err)
	}
}

func TestDefaultTemplates(t *testing.T) {
	for _, kind := range allKinds {
		tpl := DefaultTemplate(kind)
		if tpl == "" {
			t.Errorf("%s has no default template", kind)
			continue
		}
		fields := map[string]string{}
		for _, f := range TemplateFields(tpl) {
			fields[f] = "〈" + f + "〉"
		}
		d, err := Compose(tpl, fields)
		if err != nil {
			t.Errorf("%s: %v", kind, err)
			continue
		}
		if d.Title == "" {
			t.Errorf("%s: the template gives no title", kind)
		}
		if strings.Contains(d.Body, "{{") || strings.Contains(d.Body, "标题：") {
			t.Errorf("%s: body %q", kind, d.Body)
		}
	}
	d := ParseDraft(DefaultTemplate(data.DocNotice))
	if d.Recipient != "{{单位}}" || !strings.Contains(d.Body, "特此通知。") || !strings.Contains(d.Body, "份数：本通知书一式两份") {
		t.Errorf("notice draft: %+v", d)
	}
}

func TestFromDocumentNotice(t *testing.T) {
	doc := sampleDoc(t, data.DocNotice)
	if doc.Title != "监察通知书" || doc.Recipient != "清溪县市场监督管理局" {
		t.Errorf("title %q, recipient %q", doc.Title, doc.Recipient)
	}
	if doc.CopyNote != "本通知书一式两份，一份送达被监察单位，一份存档。" {
		t.Errorf("copy note %q", doc.CopyNote)
	}
	last := doc.Paragraphs[len(doc.Paragraphs)-1].Text
	before := doc.Paragraphs[len(doc.Paragraphs)-2].Text
	if last != "特此通知。" || before != "请于2026年12月5日前将整改情况书面报告我办。" {
		t.Errorf("closing paragraphs %q, %q", before, last)
	}
	if doc.Date.Chinese() != "2026年11月21日" || doc.Number != "效监通〔2026〕12号" {
		t.Errorf("date %s, number %s", doc.Date.Chinese(), doc.Number)
	}
}

func TestFromDocumentNeedsComplaint(t *testing.T) {
	_, err := FromDocument(sampleDocument(t, data.DocAssignment), Context{Settings: testSettings()})
	var ve *data.ValidationError
	if !errors.As(err, &ve) {
		t.Errorf("交办单 without its complaint: %v", err)
	}
}

func TestReceipt(t *testing.T) {
	d := sampleDocument(t, data.DocNotice)
	d.DeliveryMethod = data.DeliverLeft
	d.RefusalNote = "受送达人拒绝签收，已留置于该局办公室"
	d.Witness = "陈某（社区工作人员）"
	r, err := ReceiptFor(d, Context{Settings: testSettings()})
	if err != nil {
		t.Fatal(err)
	}
	values := map[string]string{}
	for _, row := range r.Form {
		values[row.Label] = row.Value
	}
	if !strings.Contains(values["送达方式"], "■留置送达") || !strings.Contains(values["送达方式"], "□直接送达") {
		t.Errorf("送达方式 %q", values["送达方式"])
	}
	if !strings.Contains(values["送达文书"], "效监通〔2026〕12号") || values["拒收事由及留置情况"] != d.RefusalNote || values["见证人签名"] != d.Witness {
		t.Errorf("receipt rows %v", values)
	}
	draft := *d
	draft.Number = ""
	if _, err := ReceiptFor(&draft, Context{}); !errors.As(err, new(*data.StateError)) {
		t.Errorf("a receipt for an unsigned draft: %v", err)
	}
}

func TestOfficeTemplate(t *testing.T) {
	ctx := Context{Templates: map[data.DocKind]string{data.DocNotice: "标题：{{单位}}效能监察通知书"}}
	if ctx.Template(data.DocNotice) != "标题：{{单位}}效能监察通知书" || ctx.Template(data.DocWarning) != DefaultTemplate(data.DocWarning) {
		t.Error("the office's template is not preferred over the default")
	}
}
