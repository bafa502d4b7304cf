package gongwen

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"xiaoneng/data"
	"xiaoneng/reports/pdftext"
)

const installFonts = "sudo apt-get install fonts-arphic-gbsn00lp fonts-arphic-gkai00mp fonts-wqy-microhei"

var (
	fontsOnce sync.Once
	fontsSet  *FontSet
	fontsErr  error
)

// testFonts resolves the installed fonts once. Tests skip only when no
// Chinese font is installed at all; the test script installs them.
func testFonts(t testing.TB) *FontSet {
	t.Helper()
	fontsOnce.Do(func() { fontsSet, fontsErr = ResolveFonts() })
	var fe *FontError
	if errors.As(fontsErr, &fe) {
		t.Skipf("未安装中文字体（%v）：%s", fontsErr, installFonts)
	}
	if fontsErr != nil {
		t.Fatal(fontsErr)
	}
	return fontsSet
}

// needTool fails the test when a tool it reads the output with is
// missing: scripts/test.sh installs them.
func needTool(t testing.TB, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Fatalf("需要 %s（bash scripts/test.sh 会安装它）：%v", name, err)
	}
}

// renderFile lays out and renders doc into a file under t.TempDir().
func renderFile(t testing.TB, doc *Doc, fonts *FontSet) (string, *Pages) {
	t.Helper()
	p, err := Layout(doc, fonts)
	if err != nil {
		t.Fatalf("Layout: %v", err)
	}
	var buf bytes.Buffer
	if err := RenderPDF(p, fonts, &buf); err != nil {
		t.Fatalf("RenderPDF: %v", err)
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, p
}

func run(t testing.TB, name string, args ...string) string {
	t.Helper()
	needTool(t, name)
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

// bboxWord is a word of pdftotext -bbox, in millimetres.
type bboxWord = pdftext.Word

// bboxPages reads pdftotext -bbox output: the words of each page.
func bboxPages(t testing.TB, pdf string) [][]bboxWord {
	t.Helper()
	needTool(t, "pdftotext")
	return pdftext.Pages(t, pdf)
}

// textLines groups a page's words into lines by their bottom edge.
func textLines(words []bboxWord) [][]bboxWord {
	var lines [][]bboxWord
	for _, w := range words {
		placed := false
		for i, l := range lines {
			if abs(l[0].YMax-w.YMax) < 0.5 {
				lines[i] = append(lines[i], w)
				placed = true
				break
			}
		}
		if !placed {
			lines = append(lines, []bboxWord{w})
		}
	}
	return lines
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func squash(s string) string {
	return strings.Join(strings.Fields(s), "")
}

// runText is the text of all runs, page by page, without spaces.
func runText(p *Pages) string {
	var b strings.Builder
	for _, pg := range p.Pages {
		for _, r := range pg.Runs {
			b.WriteString(r.Text)
		}
	}
	return squash(b.String())
}

var testDate = data.NewDate(2026, 11, 21)

func testSettings() data.Settings {
	s := data.DefaultSettings()
	s.IssuingBody = "清溪县机关效能建设办公室"
	return s
}

func testComplaint() *data.Complaint {
	return &data.Complaint{
		Number:          "TS2026-0007",
		ReceivedAt:      time.Date(2026, 11, 3, 9, 20, 0, 0, data.Zone),
		Channel:         data.Channel12345,
		Complainant:     data.Complainant{Name: "刘建国", Phone: "13805711234"},
		UnitName:        "清溪县市场监督管理局",
		PersonName:      "王某",
		PersonPost:      "登记窗口工作人员",
		Category:        "推诿扯皮/办事拖拉",
		Subject:         "办理营业执照多次往返未果",
		Content:         "投诉人反映，其于2026年10月8日、10月15日、10月22日三次到县政务服务中心市场监管窗口办理个体工商户营业执照，窗口工作人员每次只告知部分缺少的材料，致使其往返三次仍未办成，要求有关部门调查处理。",
		HandlerUnitName: "清溪县市场监督管理局",
		LimitDays:       15,
		DueDate:         data.NewDate(2026, 11, 24),
	}
}

// noticeFields fill the default 监察通知书 template.
func noticeFields() map[string]string {
	return map[string]string{
		"单位":   "清溪县市场监督管理局",
		"事由":   "窗口服务存在问题",
		"检查情况": "2026年11月18日，我办督查组对县政务服务中心市场监管窗口进行了暗访检查。",
		"发现问题": "一是3号窗口工作人员在工作时间玩手机游戏，对前来咨询的群众态度冷淡；二是未执行一次性告知制，群众反映办理营业执照需往返三次以上；三是窗口公示的服务承诺与实际办理时限不符。",
		"整改期限": "2026年12月5日",
	}
}

// sampleDocument is a stored document of kind, filled from its default
// template, signed on testDate.
func sampleDocument(t testing.TB, kind data.DocKind) *data.Document {
	t.Helper()
	fields := map[data.DocKind]map[string]string{
		data.DocNotice: noticeFields(),
		data.DocProposal: {
			"单位": "清溪县住房和城乡建设局", "事项": "进一步规范建设工程审批服务",
			"基本情况": "2026年第三季度，我办对你局建设工程审批服务情况进行了专项督查，调阅审批档案42卷，走访企业6家。",
			"发现问题": "（一）审批时限超过承诺。抽查的42件施工许可审批中，有9件超过承诺的5个工作日办结时限，最长的达到12个工作日。\n（二）申请材料要求不一。同一类事项，不同经办人要求提交的材料不一致，企业反映需多次补正。",
			"建议":   "1.对照承诺时限逐件清理在办事项，对超时限的说明原因。\n2.统一编制并公开申请材料清单，实行一次性告知。\n3.建立审批超时预警机制，每月通报办理时效。",
			"办理期限": "2026年12月31日",
		},
		data.DocWarning: {
			"单位": "清溪县人力资源和社会保障局", "告诫对象": "县社会保险窗口工作人员李某",
			"事实":   "2026年11月10日，县社会保险窗口工作人员李某在为群众办理养老保险待遇核定时，以“系统故障”为由拒绝受理，经督查组当场核实，系统运行正常。",
			"整改期限": "2026年12月10日",
		},
		data.DocTransfer: {
			"受文机关": "清溪县供电公司", "事由": "城南片区频繁停电", "收件日期": "2026年11月12日", "投诉编号": "TS2026-0011",
			"投诉内容": "城南片区近一个月内停电5次，每次均未提前通知，影响居民生活和商户经营。",
		},
		data.DocAssignment: {"办结期限": "2026年11月24日"},
		data.DocReminder: {
			"承办单位": "清溪县市场监督管理局", "交办日期": "2026年11月3日", "投诉编号": "TS2026-0007",
			"事由": "办理营业执照多次往返未果", "到期日期": "2026年11月24日", "催办期限": "2026年11月28日",
		},
		data.DocBulletin: {
			"事项": "2026年第三季度明察暗访情况", "主送": "各乡镇人民政府、街道办事处，县直各单位",
			"正文": "2026年第三季度，县效能办组织开展了明察暗访，共检查单位46个，发现问题23个。",
		},
		data.DocTaskNotice: {
			"单位": "清溪县住房和城乡建设局", "办结期限": "2026年12月31日",
			"正文": "根据县委常委会2026年第15次会议部署，现将“城区背街小巷提升改造”（督办编号：DB2026-0008）交由你单位牵头办理。\n请于2026年11月26日前签收。",
		},
	}[kind]
	draft, err := Compose(DefaultTemplate(kind), fields)
	if err != nil {
		t.Fatalf("%s: %v", kind, err)
	}
	seq := map[data.DocKind]int{data.DocNotice: 12, data.DocProposal: 3, data.DocWarning: 2, data.DocTransfer: 5, data.DocAssignment: 31, data.DocReminder: 4, data.DocBulletin: 9, data.DocTaskNotice: 8}[kind]
	return &data.Document{
		Kind: kind, Status: data.DocSigned, Title: draft.Title, Recipient: draft.Recipient, Body: draft.Body,
		Number: data.FormatNumber(data.DefaultPrefixes[kind], 2026, seq), IssuingBody: "清溪县机关效能建设办公室",
		SignedOn: testDate, Signer: "张明", DeliveryMethod: data.DeliverByHand, DeliveryPlace: "清溪县人民路88号",
	}
}

// sampleDoc is sampleDocument made ready to lay out.
func sampleDoc(t testing.TB, kind data.DocKind) *Doc {
	t.Helper()
	ctx := Context{Settings: testSettings(), Complaint: testComplaint()}
	if kind == KindReceipt {
		d, err := ReceiptFor(sampleDocument(t, data.DocNotice), ctx)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	d, err := FromDocument(sampleDocument(t, kind), ctx)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// allKinds are every kind printed, with the 送达回证.
var allKinds = append(append([]data.DocKind{}, data.DocKinds...), KindReceipt)
