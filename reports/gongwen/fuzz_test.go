package gongwen

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"xiaoneng/data"
)

// FuzzBreakLines: whatever the text and measure, breaking never drops or
// repeats a character (the lines joined give the paragraph back, each
// starting where the one before ended), and a line is wider than the
// measure only when a punctuation mark was pulled back onto it or one
// character is wider than the line.
func FuzzBreakLines(f *testing.F) {
	for _, s := range []string{
		"根据《清溪县机关效能建设投诉处理办法》规定，现将投诉件交你单位办理。",
		"联系电话：（0571）88886666，网址：https://xn.example.gov.cn/ts/2026-0007。",
		"效监通〔2026〕12号……——“好”。",
		"2026年11月21日上午10时，第3督查组到县行政服务中心检查，发现问题15个。",
		"一", "", "，。、；：？！", "ＡＢＣ abc 123", strings.Repeat("长", 100),
	} {
		f.Add(s, 28)
	}
	f.Add("二〇二六年", 1)
	f.Fuzz(func(t *testing.T, text string, perLine int) {
		if !utf8.ValidString(text) || perLine < 1 || perLine > 200 || len(text) > 4096 {
			t.Skip()
		}
		b := Breaker{Width: float64(perLine), Indent: 2}
		for _, p := range strings.Split(text, "\n") {
			lines := b.Break(p)
			var joined strings.Builder
			start := 0
			for i, l := range lines {
				if l.Start != start {
					t.Fatalf("%q: line %d starts at %d, want %d", p, i, l.Start, start)
				}
				joined.WriteString(l.Text)
				start += utf8.RuneCountInString(l.Text)
				avail := b.Width - l.Indent
				if l.Width > avail+1e-9 && !l.Squeeze && utf8.RuneCountInString(l.Text) > 1 {
					t.Errorf("%q (%d a line): line %d %q is %.2f em wide, the measure %.2f", p, perLine, i, l.Text, l.Width, avail)
				}
			}
			if joined.String() != p {
				t.Fatalf("%q (%d a line) broken into %q", p, perLine, joined.String())
			}
		}
	})
}

// FuzzTemplate: whatever the office writes as a template (within the
// length a template may have), filling it either gives a draft or refuses
// with a Chinese sentence; a draft's fields are all filled, and what a
// template makes is bounded whatever the fields hold.
func FuzzTemplate(f *testing.F) {
	for _, s := range defaultTemplates {
		f.Add(s)
	}
	for _, s := range []string{"标题：{{被投诉单位}}\n主送：{{主送}}\n{{事由}}", "{{", "}}", "{{}}", "{{ 事由 }}{{事由", "{{{{事由}}}}", strings.Repeat("{{事由}}", 50)} {
		f.Add(s)
	}
	fields := map[string]string{"被投诉单位": "县自然资源局", "主送": "县自然资源局", "事由": strings.Repeat("办理不动产登记多次往返。", 1000)}
	f.Fuzz(func(t *testing.T, template string) {
		if utf8.RuneCountInString(template) > data.MaxBody {
			t.Skip()
		}
		_ = TemplateFields(template)
		d, err := Compose(template, fields)
		if err != nil {
			var ve *data.ValidationError
			if !errors.As(err, &ve) || !strings.ContainsAny(ve.Message, "模板字段") {
				t.Fatalf("%q: %v", template, err)
			}
			return
		}
		if n := len(d.Title) + len(d.Recipient) + len(d.Body); n > maxFilled {
			t.Fatalf("%q made %d bytes", template, n)
		}
	})
}
