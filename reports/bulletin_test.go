package reports

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"xiaoneng/data"
	"xiaoneng/data/store"
	"xiaoneng/reports/gongwen"
)

func bulletinOf(t *testing.T, l *statsLedger, p Period) (*gongwen.Doc, *Stats) {
	t.Helper()
	ctx := context.Background()
	s, err := ComputeStats(ctx, l.db, p, l.db.Today())
	if err != nil {
		t.Fatal(err)
	}
	a, err := Assess(ctx, l.db, s)
	if err != nil {
		t.Fatal(err)
	}
	settings, err := l.db.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := BulletinDoc(s, a, settings, "", l.db.Today())
	if err != nil {
		t.Fatal(err)
	}
	return doc, s
}

// TestBulletinText checks the sentences of the fixture's third quarter
// against the figures counted by hand (stats_test.go, assessment_test.go).
func TestBulletinText(t *testing.T) {
	l := newStatsLedger(t)
	doc, _ := bulletinOf(t, l, QuarterPeriod(2026, 3))
	if doc.Title != "关于2026年第三季度机关效能建设情况的通报" || doc.Recipient != BulletinRecipient || doc.IssuingBody != "县机关效能建设办公室" {
		t.Errorf("title %q, recipient %q, issuer %q", doc.Title, doc.Recipient, doc.IssuingBody)
	}
	var texts []string
	var tables []*gongwen.Table
	for _, p := range doc.Paragraphs {
		if p.Table != nil {
			t.Errorf("a table in the body: %v", p.Table.Header)
			continue
		}
		texts = append(texts, p.Text)
	}
	for _, a := range doc.Attachments {
		texts = append(texts, "[附件]"+a.Title)
		for _, p := range a.Paragraphs {
			if p.Table != nil {
				tables = append(tables, p.Table)
			}
		}
	}
	want := []string{
		"现将2026年第三季度（2026年7月1日至9月30日）机关效能建设有关情况通报如下：",
		"一、效能投诉受理办理情况",
		"2026年第三季度，共登记群众投诉9件，其中电话投诉4件、来访2件、来信1件、网络投诉1件、12345热线转办1件；经审查，不予受理1件、转有关部门办理1件；另有1件尚待受理；" +
			"已办结3件，办结率50.0%，按期办结率66.7%；其余3件正在办理中。超期办理2件，其中截至2026年11月21日仍未办结1件。" +
			"经调查核实，反映问题属实或部分属实的2件。回访投诉人4件，满意率75.0%。",
		"各渠道受理件数见附件1，反映问题类别见附件2。",
		"二、监督检查情况",
		"2026年第三季度，共开展督查活动1次，实地检查4次，检查单位3个（其中乡镇/街道1个、县直部门1个、窗口服务单位1个），发现问题4个，" +
			"主要是乱收费1个、事难办1个、脱岗/纪律作风1个、门难进1个；责令整改的3个问题中已整改1个，整改率33.3%，整改不到位或逾期未整改2个。",
		"各类单位检查情况见附件3。",
		"三、效能责任追究情况",
		"2026年第三季度，共对1个（次）单位、2名（次）责任人进行了效能责任追究，其中诫勉谈话2人，通报批评1个单位。",
		"四、评议考核情况",
		"根据各单位2026年第三季度效能投诉、监督检查、问题整改和群众满意度情况，以100分为基础，每发现一个问题扣2分，每件属实投诉扣3分，" +
			"每件超期办理投诉扣2分，每项整改不到位扣5分，群众满意度10分按满意率折算，对6个单位进行了评议考核，排名见附件4。",
		"对考核排名靠后的城关镇人民政府、县市场监督管理局、政务服务中心不动产登记窗口给予黄牌警告；其中县市场监督管理局已连续两期排名靠后。",
		"五、点名通报",
		"（一）投诉办理超期。县市场监督管理局（1件）、县自然资源局（1件）。",
		"（二）问题整改不到位。城关镇人民政府（1个）、政务服务中心不动产登记窗口（1个）。",
		"请以上单位认真查找原因，切实抓好整改。",
		"[附件]2026年第三季度效能投诉受理渠道",
		"[附件]2026年第三季度效能投诉反映问题类别",
		"[附件]2026年第三季度监督检查情况（按单位类别）",
		"[附件]2026年第三季度评议考核排名",
	}
	if strings.Join(texts, "\n") != strings.Join(want, "\n") {
		t.Errorf("bulletin\n%s\nwant\n%s", strings.Join(texts, "\n"), strings.Join(want, "\n"))
	}
	if len(tables) != 4 {
		t.Fatalf("%d tables", len(tables))
	}
	if got := fmt.Sprint(tables[0].Rows); got != "[[电话 4 44.4%] [来访 2 22.2%] [来信 1 11.1%] [网络 1 11.1%] [12345转办 1 11.1%] [合计 9 100.0%]]" {
		t.Errorf("channels %s", got)
	}
	if got := fmt.Sprint(tables[2].Rows); got != "[[乡镇/街道 1 1 2 2 1] [县直部门 2 1 1 0 0] [窗口服务单位 1 1 1 1 0] [合计 4 3 4 3 1]]" {
		t.Errorf("supervision %s", got)
	}
	if got := fmt.Sprint(tables[3].Rows); got != "[[1 东城街道办事处 乡镇/街道 100 ] [1 县供电公司 公用事业单位 100 ] [3 县自然资源局 县直部门 98 ] "+
		"[4 政务服务中心不动产登记窗口 窗口服务单位 93 黄牌警告] [5 县市场监督管理局 县直部门 90 连续两期黄牌] [6 城关镇人民政府 乡镇/街道 81 黄牌警告]]" {
		t.Errorf("ranking %s", got)
	}
}

// TestBulletinSentenceOfTheBrief imports a quarter's ledger of 196 complaints
// and finds the sentence offices publish.
func TestBulletinSentenceOfTheBrief(t *testing.T) {
	ctx := context.Background()
	l := newStatsLedger(t)
	var list []*data.Complaint
	start := time.Date(2025, 7, 1, 9, 0, 0, 0, data.Zone)
	for i := range 196 {
		ch := data.ChannelPhone
		switch {
		case i >= 167:
			ch = data.ChannelLetter
		case i >= 126:
			ch = data.ChannelVisit
		}
		c := &data.Complaint{Number: fmt.Sprintf("2025-%03d", i+1), ReceivedAt: start.Add(time.Duration(i) * 11 * time.Hour), Channel: ch,
			UnitName: "县市场监督管理局", Complainant: data.Complainant{Anonymous: true}, Category: "事难办", Subject: "办事难", Content: "办事难。",
			Status: data.StatusHandling}
		if i%24 != 23 { // 8 of the 196 still being handled
			c.Status, c.ClosedAt = data.StatusClosed, c.ReceivedAt.Add(72*time.Hour)
		}
		list = append(list, c)
	}
	if _, err := l.db.ImportComplaints(ctx, list, store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	doc, _ := bulletinOf(t, l, QuarterPeriod(2025, 3))
	want := "共登记群众投诉196件，其中电话投诉126件、来访41件、来信29件；已办结188件，办结率95.9%"
	if got := doc.Paragraphs[2].Text; !strings.Contains(got, want) {
		t.Errorf("the sentence\n%s\ndoes not say\n%s", got, want)
	}
}

// TestBulletinPDF prints the fixture's 通报 and reads it back.
func TestBulletinPDF(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("需要 pdftotext（bash scripts/test.sh 会安装它）")
	}
	l := newStatsLedger(t)
	var buf bytes.Buffer
	err := RenderBulletin(context.Background(), l.db, QuarterPeriod(2026, 3), &buf)
	var se *data.StateError
	if errors.As(err, &se) && strings.Contains(se.Reason, "字体") {
		t.Fatalf("未安装中文字体（scripts/test.sh 会安装）：%v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "通报.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("XN_SHOTS"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, "通报.pdf"), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), "")
	for _, want := range []string{
		"县机关效能建设办公室", "关于2026年第三季度机关效能建设情况的通报",
		"共登记群众投诉9件，其中电话投诉4件、来访2件、来信1件、网络投诉1件、12345热线转办1件；",
		"已办结3件，办结率50.0%，按期办结率66.7%；其余3件正在办理中。",
		"草稿", "附件：1.2026年第三季度效能投诉受理渠道", "附件1", "投诉渠道件数占比", "电话444.4%", "合计9100.0%",
		"附件4", "2026年第三季度评议考核排名", "名次单位类别得分备注", "6城关镇人民政府乡镇/街道81黄牌警告", "5县市场监督管理局县直部门90连续两期黄牌",
		"（一）投诉办理超期。县市场监督管理局（1件）、县自然资源局（1件）。",
		"（二）问题整改不到位。城关镇人民政府（1个）、政务服务中心不动产登记窗口（1个）。",
		"2026年11月21日", "—1—",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text lacks %q", want)
		}
	}
}
