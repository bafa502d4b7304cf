package documents

import (
	"time"

	"xiaoneng/data"
	"xiaoneng/reports/gongwen"
)

// Sample is a document of kind written from template with the example
// value of each field (see Fields), numbered and dated as if signed today:
// what the template editor of 设置 previews. kind may be gongwen.KindReceipt.
func Sample(kind data.DocKind, template string, settings data.Settings, today data.Date) (*gongwen.Doc, error) {
	values := map[string]string{}
	for _, f := range Fields {
		values[f.Name] = f.Example
	}
	for _, name := range gongwen.TemplateFields(template) {
		if _, ok := values[name]; !ok {
			values[name] = Blank(name)
		}
	}
	if kind == gongwen.KindReceipt {
		// The receipt's own template gives its title and note; it is
		// shown as the receipt of a sample notice.
		if _, err := gongwen.Fill(template, values); err != nil {
			return nil, err
		}
		notice, err := Sample(data.DocNotice, gongwen.DefaultTemplate(data.DocNotice), settings, today)
		if err != nil {
			return nil, err
		}
		d := &data.Document{Kind: data.DocNotice, Title: notice.Title, Recipient: notice.Recipient, Number: notice.Number,
			SignedOn: today, IssuingBody: settings.IssuingBody}
		return gongwen.ReceiptFor(d, gongwen.Context{Settings: settings, Templates: map[data.DocKind]string{gongwen.KindReceipt: template}})
	}
	draft, err := gongwen.Compose(template, values)
	if err != nil {
		return nil, err
	}
	d := &data.Document{Kind: kind, Title: draft.Title, Recipient: draft.Recipient, Body: draft.Body,
		Number: data.FormatNumber(settings.Prefix(kind), today.Year(), 12), SignedOn: today, IssuingBody: settings.IssuingBody}
	if d.Title == "" {
		d.Title = string(kind)
	}
	if d.Recipient == "" {
		d.Recipient = values["单位"]
	}
	return gongwen.FromDocument(d, gongwen.Context{Settings: settings, Complaint: sampleComplaint()})
}

// sampleComplaint is the complaint a sample 交办单 quotes, dated as the examples
// of Fields are.
func sampleComplaint() *data.Complaint {
	return &data.Complaint{
		Number: "TS2026-0007", ReceivedAt: time.Date(2026, 11, 2, 9, 0, 0, 0, data.Zone), Channel: data.ChannelPhone,
		UnitName: "清溪县自然资源局", PersonName: "刘某", PersonPost: "窗口工作人员",
		Category: "事难办", Subject: "办理不动产登记多次往返",
		Content:         "群众反映办理不动产转移登记时被要求补充材料三次，未一次性告知。",
		HandlerUnitName: "清溪县自然资源局", LimitDays: 15, DueDate: data.NewDate(2026, 11, 24),
	}
}
