package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"xiaoneng/data"
)

// docFixture holds the records documents in these tests refer to.
type docFixture struct {
	unit, otherUnit      *data.Unit
	roundID, complaintID string
	findingIDs           []string
}

func newDocFixture(t *testing.T, db *DB) docFixture {
	t.Helper()
	ctx := context.Background()
	f := docFixture{
		unit:      &data.Unit{Name: "县自然资源局", Category: data.UnitDepartment},
		otherUnit: &data.Unit{Name: "城关镇人民政府", Category: data.UnitTownship},
	}
	for _, u := range []*data.Unit{f.unit, f.otherUnit} {
		if err := db.CreateUnit(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	// Rounds, findings and complaints have their own store methods elsewhere;
	// these rows only need to exist for documents and actions to point at.
	err := db.write(ctx, data.PermRead, func(tx *tx) error {
		var round, complaint data.Record
		if err := tx.insert("rounds", &round, []field{{"title", "2026年第四季度明察暗访"}, {"kind", "暗访"}, {"start_date", data.NewDate(2026, 10, 8)}}); err != nil {
			return err
		}
		f.roundID = round.ID
		if err := tx.insert("complaints", &complaint, []field{
			{"number", "TS2026-0007"}, {"year", 2026}, {"seq", 7}, {"received_at", fixedNow},
			{"channel", "电话"}, {"unit_id", f.unit.ID}, {"category", "不作为"}, {"subject", "不动产登记窗口推诿"},
			{"content", "窗口工作人员以系统故障为由多次推诿。"}, {"status", "办理中"},
		}); err != nil {
			return err
		}
		f.complaintID = complaint.ID
		for _, desc := range []string{"窗口工作人员上班时间玩手机", "未公示服务承诺制"} {
			var finding data.Record
			if err := tx.insert("findings", &finding, []field{
				{"unit_id", f.unit.ID}, {"found_on", data.NewDate(2026, 11, 3)}, {"category", "脱岗/纪律作风"},
				{"description", desc}, {"disposition", "下发监察通知书"},
			}); err != nil {
				return err
			}
			f.findingIDs = append(f.findingIDs, finding.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f docFixture) draft(kind data.DocKind, title string) *data.Document {
	return &data.Document{
		Kind: kind, Title: title, RecipientUnitID: f.unit.ID, Recipient: f.unit.Name,
		Body:     "经查，你单位存在以下问题：\n一、窗口工作人员上班时间玩手机。\n请于2026年12月5日前将整改情况书面报告我办。\n特此通知",
		ReplyDue: data.NewDate(2026, 12, 5),
	}
}

func createDraft(t *testing.T, db *DB, d *data.Document) *data.Document {
	t.Helper()
	if err := db.CreateDocument(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	return d
}

func sign(t *testing.T, db *DB, id string, on data.Date) *data.Document {
	t.Helper()
	d, err := db.SignDocument(context.Background(), id, on, "李明")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func wantStateError(t *testing.T, err error, reason string) {
	t.Helper()
	var se *data.StateError
	if !errors.As(err, &se) {
		t.Fatalf("err = %v, want a StateError", err)
	}
	if reason != "" && se.Reason != reason {
		t.Errorf("reason %q, want %q", se.Reason, reason)
	}
}

func wantInvalid(t *testing.T, err error, fieldName string) {
	t.Helper()
	var ve *data.ValidationError
	if !errors.As(err, &ve) || ve.Field != fieldName {
		t.Fatalf("err = %v, want a ValidationError on %s", err, fieldName)
	}
	if !containsHan(ve.Message) {
		t.Errorf("message %q is not Chinese", ve.Message)
	}
}

func containsHan(s string) bool {
	for _, r := range s {
		if r >= 0x4E00 && r <= 0x9FFF {
			return true
		}
	}
	return false
}

func TestDocumentLifeAndAudit(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	f := newDocFixture(t, db)

	d := f.draft(data.DocNotice, "关于县自然资源局窗口服务问题的监察通知书")
	d.RoundID, d.ComplaintID, d.FindingIDs = f.roundID, f.complaintID, f.findingIDs
	createDraft(t, db, d)
	if d.Status != data.DocDraft || d.ID == "" {
		t.Fatalf("created %+v", d)
	}
	got, err := db.Document(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != data.DocDraft || got.Number != "" || got.Seq != 0 || got.Year != 0 {
		t.Errorf("draft has a number: %q %d/%d", got.Number, got.Year, got.Seq)
	}
	if !slices.Equal(got.FindingIDs, sortedUnique(f.findingIDs)) || got.RoundID != f.roundID || got.ComplaintID != f.complaintID {
		t.Errorf("links: findings %v round %q complaint %q", got.FindingIDs, got.RoundID, got.ComplaintID)
	}
	if got.Body != d.Body || got.ReplyDue != d.ReplyDue || got.RecipientUnitID != f.unit.ID {
		t.Errorf("draft read back as %+v", got)
	}

	// A draft is edited freely, links included.
	got.Title = "关于县自然资源局不动产登记窗口问题的监察通知书"
	got.FindingIDs = f.findingIDs[:1]
	if err := db.UpdateDocument(ctx, got); err != nil {
		t.Fatal(err)
	}
	if again, err := db.Document(ctx, d.ID); err != nil || again.Title != got.Title || len(again.FindingIDs) != 1 {
		t.Fatalf("after update: %+v %v", again, err)
	}

	signed := sign(t, db, d.ID, data.NewDate(2026, 11, 20))
	if signed.Status != data.DocSigned || signed.Number != "效监通〔2026〕1号" || signed.Prefix != "效监通" ||
		signed.Year != 2026 || signed.Seq != 1 || signed.Signer != "李明" || signed.IssuingBody != "县机关效能建设办公室" {
		t.Fatalf("signed %+v", signed)
	}
	if r := []rune(signed.Number); r[3] != '\u3014' || r[8] != '\u3015' {
		t.Errorf("number brackets are %U %U, want U+3014 U+3015", r[3], r[8])
	}
	stored, err := db.Document(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Number != signed.Number || stored.SignedOn != data.NewDate(2026, 11, 20) || stored.IssuingBody != signed.IssuingBody {
		t.Errorf("stored after signing: %+v", stored)
	}

	// The signed text is frozen, and the document cannot be deleted.
	stored.Body = "更正后的正文"
	wantStateError(t, db.UpdateDocument(ctx, stored), "已签发的文书不能修改，如需更正请另行制发")
	wantStateError(t, db.DeleteDocument(ctx, d.ID), "已签发的文书不能删除，只能作废")
	if _, err := db.SignDocument(ctx, d.ID, data.NewDate(2026, 11, 21), "李明"); err == nil {
		t.Fatal("signed twice")
	} else {
		wantStateError(t, err, "")
	}
	if again, err := db.Document(ctx, d.ID); err != nil || again.Body != d.Body || again.Number != "效监通〔2026〕1号" {
		t.Fatalf("frozen document changed: %+v %v", again, err)
	}

	dl := data.Delivery{On: data.NewDate(2026, 11, 20), Method: data.DeliverByHand, To: "张伟", By: "王芳", Place: "县自然资源局办公室"}
	if err := db.DeliverDocument(ctx, d.ID, dl); err != nil {
		t.Fatal(err)
	}
	if err := db.RecordDocumentReply(ctx, d.ID, data.NewDate(2026, 11, 21), "已对相关人员批评教育，并公示服务承诺制。"); err != nil {
		t.Fatal(err)
	}
	if err := db.ArchiveDocument(ctx, d.ID, data.NewDate(2026, 11, 21)); err != nil {
		t.Fatal(err)
	}
	final, err := db.Document(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if final.Status != data.DocArchived || final.DeliveredTo != "张伟" || final.DeliveredBy != "王芳" ||
		final.DeliveryMethod != data.DeliverByHand || final.DeliveryPlace != "县自然资源局办公室" ||
		final.DeliveredOn != dl.On || final.RepliedOn != data.NewDate(2026, 11, 21) ||
		!strings.HasPrefix(final.ReplyContent, "已对相关人员") || final.ArchivedOn != data.NewDate(2026, 11, 21) {
		t.Fatalf("final %+v", final)
	}

	trail, err := db.AuditTrail(ctx, "documents", d.ID)
	if err != nil {
		t.Fatal(err)
	}
	// insert, links, update, links, sign, deliver, reply, archive
	if len(trail) != 8 || trail[0].Action != data.AuditInsert {
		t.Fatalf("%d audit rows: %+v", len(trail), trail)
	}
	signRow := trail[4]
	if signRow.After["number"] != "效监通〔2026〕1号" || signRow.After["status"] != "已签发" || signRow.Before["status"] != "草稿" || signRow.Actor != "ceshi" {
		t.Errorf("sign audit %v → %v", signRow.Before, signRow.After)
	}
	if trail[7].After["status"] != "已归档" || trail[7].After["archived_on"] != "2026-11-21" {
		t.Errorf("archive audit %v", trail[7].After)
	}
}

func TestDocumentTransitions(t *testing.T) {
	ctx := context.Background()
	on := data.NewDate(2026, 11, 20)
	steps := []struct {
		name  string
		do    func(db *DB, d *data.Document) error
		to    data.DocStatus // the status after the step; "" means the record is gone
		allow []data.DocStatus
	}{
		{"修改", func(db *DB, d *data.Document) error { d.Title += "（修改）"; return db.UpdateDocument(ctx, d) }, data.DocDraft, []data.DocStatus{data.DocDraft}},
		{"删除", func(db *DB, d *data.Document) error { return db.DeleteDocument(ctx, d.ID) }, "", []data.DocStatus{data.DocDraft}},
		{"签发", func(db *DB, d *data.Document) error { _, err := db.SignDocument(ctx, d.ID, on, "李明"); return err }, data.DocSigned, []data.DocStatus{data.DocDraft}},
		{"送达", func(db *DB, d *data.Document) error {
			return db.DeliverDocument(ctx, d.ID, data.Delivery{On: on, Method: data.DeliverByPost, To: "张伟", By: "王芳"})
		}, data.DocDelivered, []data.DocStatus{data.DocSigned}},
		{"回复", func(db *DB, d *data.Document) error { return db.RecordDocumentReply(ctx, d.ID, on, "已整改") }, data.DocReplied, []data.DocStatus{data.DocSigned, data.DocDelivered}},
		{"归档", func(db *DB, d *data.Document) error { return db.ArchiveDocument(ctx, d.ID, on) }, data.DocArchived, []data.DocStatus{data.DocSigned, data.DocDelivered, data.DocReplied}},
		{"作废", func(db *DB, d *data.Document) error { return db.VoidDocument(ctx, d.ID, "主送单位写错") }, data.DocVoid, []data.DocStatus{data.DocSigned, data.DocDelivered, data.DocReplied}},
	}
	// reach brings a new draft to status through the workflow.
	reach := func(t *testing.T, db *DB, f docFixture, status data.DocStatus) *data.Document {
		d := createDraft(t, db, f.draft(data.DocNotice, "关于窗口服务问题的监察通知书"))
		path := map[data.DocStatus][]int{
			data.DocDraft: nil, data.DocSigned: {2}, data.DocDelivered: {2, 3}, data.DocReplied: {2, 3, 4},
			data.DocArchived: {2, 3, 4, 5}, data.DocVoid: {2, 6},
		}[status]
		for _, i := range path {
			if err := steps[i].do(db, d); err != nil {
				t.Fatalf("reaching %s: %s: %v", status, steps[i].name, err)
			}
		}
		return d
	}
	// One ledger: each case works on a document of its own (data's tests
	// go through the machine itself; these, through the store).
	db := newTestDB(t)
	f := newDocFixture(t, db)
	for _, step := range steps {
		for _, from := range data.DocStatuses {
			t.Run(step.name+"/"+string(from), func(t *testing.T) {
				d := reach(t, db, f, from)
				before, err := db.Document(ctx, d.ID)
				if err != nil {
					t.Fatal(err)
				}
				err = step.do(db, d)
				after, readErr := db.Document(ctx, d.ID)
				if !slices.Contains(step.allow, from) {
					wantStateError(t, err, "")
					if readErr != nil || after.Status != from || after.UpdatedAt != before.UpdatedAt || after.Title != before.Title {
						t.Errorf("refused step changed the document: %+v %v", after, readErr)
					}
					return
				}
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if step.to == "" {
					if !errors.Is(readErr, data.ErrNotFound) {
						t.Errorf("deleted document still read: %v", readErr)
					}
					return
				}
				if readErr != nil || after.Status != step.to {
					t.Errorf("status %q (%v), want %q", after.Status, readErr, step.to)
				}
			})
		}
	}
}

func TestSignConcurrentNumbersHaveNoGaps(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	f := newDocFixture(t, db)
	const n = 20
	var drafts []*data.Document
	for i := range n {
		drafts = append(drafts, createDraft(t, db, f.draft(data.DocNotice, fmt.Sprintf("监察通知书%d", i+1))))
		// Another kind signed at the same time keeps its own sequence.
		drafts = append(drafts, createDraft(t, db, f.draft(data.DocProposal, fmt.Sprintf("关于改进服务的建议%d", i+1))))
	}
	var wg sync.WaitGroup
	results := make([]*data.Document, len(drafts))
	errs := make([]error, len(drafts))
	for i, d := range drafts {
		wg.Go(func() {
			results[i], errs[i] = db.SignDocument(ctx, d.ID, data.NewDate(2026, 11, 20), "李明")
		})
	}
	wg.Wait()
	seqs := map[data.DocKind][]int{}
	numbers := map[string]bool{}
	for i, r := range results {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		seqs[r.Kind] = append(seqs[r.Kind], r.Seq)
		if numbers[r.Number] {
			t.Errorf("number %s given twice", r.Number)
		}
		numbers[r.Number] = true
		if r.Number != data.FormatNumber(data.DefaultPrefixes[r.Kind], 2026, r.Seq) {
			t.Errorf("number %q for seq %d", r.Number, r.Seq)
		}
	}
	for _, kind := range []data.DocKind{data.DocNotice, data.DocProposal} {
		got := seqs[kind]
		slices.Sort(got)
		for i, s := range got {
			if s != i+1 {
				t.Fatalf("%s numbers %v, want 1..%d", kind, got, n)
			}
		}
		if len(got) != n {
			t.Fatalf("%s: %d numbers", kind, len(got))
		}
	}
	// The stored rows agree with what the callers were told.
	list, err := db.Documents(ctx, data.DocumentFilter{Kind: data.DocNotice, Status: data.DocSigned})
	if err != nil || len(list) != n {
		t.Fatalf("%d signed notices (%v)", len(list), err)
	}
	for _, d := range list {
		if !numbers[d.Number] {
			t.Errorf("stored number %s not returned by SignDocument", d.Number)
		}
	}
}

func TestNumbersPerKindAndYearNeverReused(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	f := newDocFixture(t, db)
	signNew := func(kind data.DocKind, on data.Date) *data.Document {
		t.Helper()
		d := f.draft(kind, "通知")
		d.ReplyDue = data.Date{}
		return sign(t, db, createDraft(t, db, d).ID, on)
	}
	nov := data.NewDate(2026, 11, 20)
	if got := signNew(data.DocNotice, nov).Number; got != "效监通〔2026〕1号" {
		t.Errorf("first notice %s", got)
	}
	if got := signNew(data.DocWarning, nov).Number; got != "效告〔2026〕1号" {
		t.Errorf("first warning %s", got)
	}
	second := signNew(data.DocNotice, nov)
	if second.Number != "效监通〔2026〕2号" {
		t.Errorf("second notice %s", second.Number)
	}
	// A voided number stays taken; a deleted draft never had one.
	if err := db.VoidDocument(ctx, second.ID, "文字有误，另行制发"); err != nil {
		t.Fatal(err)
	}
	gone := createDraft(t, db, f.draft(data.DocNotice, "作废前的草稿"))
	if err := db.DeleteDocument(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	if got := signNew(data.DocNotice, nov).Number; got != "效监通〔2026〕3号" {
		t.Errorf("after voiding no.2: %s", got)
	}
	voided, err := db.Document(ctx, second.ID)
	if err != nil || voided.Status != data.DocVoid || voided.Number != "效监通〔2026〕2号" || voided.VoidReason != "文字有误，另行制发" {
		t.Fatalf("voided %+v %v", voided, err)
	}

	// A number is of the year of the 成文日期; a new year starts at 1, and a
	// late-signed document of the old year continues the old sequence.
	if got := signNew(data.DocNotice, data.NewDate(2027, 1, 4)).Number; got != "效监通〔2027〕1号" {
		t.Errorf("new year %s", got)
	}
	if got := signNew(data.DocNotice, data.NewDate(2026, 12, 31)).Number; got != "效监通〔2026〕4号" {
		t.Errorf("old year after new %s", got)
	}

	// The 代字 comes from the settings at signing; numbers signed before keep theirs.
	s, err := db.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s.DocPrefixes[data.DocNotice] = "县效监通"
	s.IssuingBody = "某某县机关效能建设办公室"
	if err := db.SaveSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	renamed := signNew(data.DocNotice, nov)
	if renamed.Number != "县效监通〔2026〕5号" || renamed.IssuingBody != "某某县机关效能建设办公室" {
		t.Errorf("after settings change: %s %s", renamed.Number, renamed.IssuingBody)
	}
	if old, err := db.Document(ctx, second.ID); err != nil || old.Number != "效监通〔2026〕2号" || old.IssuingBody != "县机关效能建设办公室" {
		t.Errorf("earlier document changed: %+v %v", old, err)
	}
	// A 署名 written on the draft is kept.
	own := f.draft(data.DocBulletin, "关于2026年第四季度明察暗访情况的通报")
	own.IssuingBody, own.ReplyDue = "县纪委监委 县机关效能建设办公室", data.Date{}
	createDraft(t, db, own)
	if got := sign(t, db, own.ID, nov); got.IssuingBody != own.IssuingBody || got.Number != "效通〔2026〕1号" {
		t.Errorf("own issuing body: %s %s", got.IssuingBody, got.Number)
	}
}

func TestSignAndStepValidation(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	f := newDocFixture(t, db)
	d := createDraft(t, db, f.draft(data.DocNotice, "监察通知书"))

	_, err := db.SignDocument(ctx, d.ID, data.Date{}, "李明")
	wantInvalid(t, err, "SignedOn")
	_, err = db.SignDocument(ctx, d.ID, data.NewDate(2026, 11, 20), " ")
	wantInvalid(t, err, "Signer")
	// The reply deadline (2026-12-05) cannot come before the 成文日期.
	_, err = db.SignDocument(ctx, d.ID, data.NewDate(2026, 12, 8), "李明")
	wantInvalid(t, err, "ReplyDue")
	if _, err := db.SignDocument(ctx, "no-such-id", data.NewDate(2026, 11, 20), "李明"); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("missing document: %v", err)
	}
	if got, err := db.Document(ctx, d.ID); err != nil || got.Status != data.DocDraft || got.Seq != 0 {
		t.Fatalf("a refused signing changed the draft: %+v %v", got, err)
	}

	sign(t, db, d.ID, data.NewDate(2026, 11, 18))
	wantInvalid(t, db.RecordDocumentReply(ctx, d.ID, data.NewDate(2026, 11, 17), "已整改"), "RepliedOn")
	wantInvalid(t, db.RecordDocumentReply(ctx, d.ID, data.NewDate(2026, 11, 20), " "), "ReplyContent")
	wantInvalid(t, db.ArchiveDocument(ctx, d.ID, data.NewDate(2026, 11, 22)), "ArchivedOn")
	wantInvalid(t, db.VoidDocument(ctx, d.ID, ""), "VoidReason")
	if err := db.DeliverDocument(ctx, d.ID, data.Delivery{On: data.NewDate(2026, 11, 19), Method: data.DeliverByHand, To: "张伟", By: "王芳"}); err != nil {
		t.Fatal(err)
	}
	wantInvalid(t, db.RecordDocumentReply(ctx, d.ID, data.NewDate(2026, 11, 18), "已整改"), "RepliedOn")
}

func TestCreateDocumentValidation(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	f := newDocFixture(t, db)
	cases := []struct {
		field  string
		change func(d *data.Document)
	}{
		{"Title", func(d *data.Document) { d.Title = "  " }},
		{"Kind", func(d *data.Document) { d.Kind = "会议纪要" }},
		{"Recipient", func(d *data.Document) { d.Recipient = "" }},
		{"Body", func(d *data.Document) { d.Body = "" }},
		{"Status", func(d *data.Document) { d.Status = data.DocSigned }},
		{"RecipientUnitID", func(d *data.Document) { d.RecipientUnitID = "no-such-unit" }},
		{"ComplaintID", func(d *data.Document) { d.ComplaintID = "no-such-complaint" }},
		{"RoundID", func(d *data.Document) { d.RoundID = "no-such-round" }},
		{"VisitID", func(d *data.Document) { d.VisitID = "no-such-visit" }},
		{"FindingIDs", func(d *data.Document) { d.FindingIDs = []string{f.findingIDs[0], "no-such-finding"} }},
	}
	for _, c := range cases {
		d := f.draft(data.DocNotice, "监察通知书")
		c.change(d)
		wantInvalid(t, db.CreateDocument(ctx, d), c.field)
	}
	if list, err := db.Documents(ctx, data.DocumentFilter{}); err != nil || len(list) != 0 {
		t.Fatalf("refused drafts were saved: %d %v", len(list), err)
	}
	if y, err := db.FirstDocumentYear(ctx); err != nil || y != 0 {
		t.Errorf("the first year of no document: %d, %v", y, err)
	}
	// A deleted unit cannot be the recipient of a new draft.
	if err := db.DeleteUnit(ctx, f.otherUnit.ID); err != nil {
		t.Fatal(err)
	}
	d := f.draft(data.DocNotice, "监察通知书")
	d.RecipientUnitID = f.otherUnit.ID
	wantInvalid(t, db.CreateDocument(ctx, d), "RecipientUnitID")
}

func TestDeliveryRules(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	f := newDocFixture(t, db)
	d := createDraft(t, db, f.draft(data.DocNotice, "监察通知书"))
	sign(t, db, d.ID, data.NewDate(2026, 11, 18))

	left := data.Delivery{On: data.NewDate(2026, 11, 19), Method: data.DeliverLeft, To: "张伟", By: "王芳", Place: "县自然资源局302室"}
	wantInvalid(t, db.DeliverDocument(ctx, d.ID, left), "RefusalNote")
	left.RefusalNote = "受送达人拒绝签收，将文书留置于其办公桌上并拍照"
	wantInvalid(t, db.DeliverDocument(ctx, d.ID, left), "Witness")
	for _, c := range []struct {
		field  string
		change func(dl *data.Delivery)
	}{
		{"On", func(dl *data.Delivery) { dl.On = data.Date{} }},
		{"On", func(dl *data.Delivery) { dl.On = data.NewDate(2026, 11, 17) }}, // before signing
		{"On", func(dl *data.Delivery) { dl.On = data.NewDate(2026, 11, 22) }}, // tomorrow
		{"Method", func(dl *data.Delivery) { dl.Method = "托人捎带" }},
		{"To", func(dl *data.Delivery) { dl.To = "" }},
		{"By", func(dl *data.Delivery) { dl.By = "" }},
	} {
		dl := left
		dl.Witness = "县自然资源局办公室主任 刘强"
		c.change(&dl)
		wantInvalid(t, db.DeliverDocument(ctx, d.ID, dl), c.field)
	}
	if got, err := db.Document(ctx, d.ID); err != nil || got.Status != data.DocSigned || !got.DeliveredOn.IsZero() {
		t.Fatalf("refused deliveries changed the document: %+v %v", got, err)
	}

	left.Witness = "县自然资源局办公室主任 刘强"
	if err := db.DeliverDocument(ctx, d.ID, left); err != nil {
		t.Fatal(err)
	}
	got, err := db.Document(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != data.DocDelivered || got.DeliveryMethod != data.DeliverLeft || got.RefusalNote != left.RefusalNote ||
		got.Witness != left.Witness || got.DeliveryPlace != left.Place || got.DeliveredOn != left.On {
		t.Errorf("delivered %+v", got)
	}
	wantStateError(t, db.DeliverDocument(ctx, d.ID, left), "该文书已送达，不能重复送达")

	// Other methods need no witness.
	d2 := createDraft(t, db, f.draft(data.DocNotice, "监察通知书"))
	sign(t, db, d2.ID, data.NewDate(2026, 11, 18))
	if err := db.DeliverDocument(ctx, d2.ID, data.Delivery{On: data.NewDate(2026, 11, 21), Method: data.DeliverByPost, To: "县自然资源局", By: "王芳"}); err != nil {
		t.Fatal(err)
	}
}

func TestReplyOverdueAndCounts(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t) // today is 2026-11-21
	f := newDocFixture(t, db)
	signedOn := data.NewDate(2026, 11, 1)
	mk := func(title string, due data.Date, steps ...string) *data.Document {
		t.Helper()
		d := f.draft(data.DocNotice, title)
		d.ReplyDue = due
		createDraft(t, db, d)
		for _, s := range steps {
			var err error
			switch s {
			case "sign":
				_, err = db.SignDocument(ctx, d.ID, signedOn, "李明")
			case "deliver":
				err = db.DeliverDocument(ctx, d.ID, data.Delivery{On: data.NewDate(2026, 11, 2), Method: data.DeliverByHand, To: "张伟", By: "王芳"})
			case "reply":
				err = db.RecordDocumentReply(ctx, d.ID, data.NewDate(2026, 11, 19), "已整改完毕")
			case "void":
				err = db.VoidDocument(ctx, d.ID, "重复制发")
			case "archive":
				err = db.ArchiveDocument(ctx, d.ID, data.NewDate(2026, 11, 20))
			}
			if err != nil {
				t.Fatalf("%s: %s: %v", title, s, err)
			}
		}
		return d
	}
	// Today is Saturday 2026-11-21: a reply due on Thursday is overdue, one
	// due on Friday only from Monday, when a working day after it begins.
	today := data.NewDate(2026, 11, 21)
	a := mk("签发未送达已超期", data.NewDate(2026, 11, 19), "sign")
	b := mk("已送达已超期", data.NewDate(2026, 11, 10), "sign", "deliver")
	mk("周五到期", data.NewDate(2026, 11, 20), "sign")
	mk("今日到期", today, "sign")
	mk("已回复", data.NewDate(2026, 11, 10), "sign", "deliver", "reply")
	mk("草稿", data.NewDate(2026, 11, 10))
	mk("已作废", data.NewDate(2026, 11, 10), "sign", "void")
	mk("已归档", data.NewDate(2026, 11, 10), "sign", "archive")
	mk("无回复期限", data.Date{}, "sign")

	list, err := db.Documents(ctx, data.DocumentFilter{ReplyOverdue: true})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range list {
		ids = append(ids, d.ID)
	}
	slices.Sort(ids)
	want := []string{a.ID, b.ID}
	slices.Sort(want)
	if !slices.Equal(ids, want) {
		t.Errorf("overdue %d documents, want 签发未送达已超期 and 已送达已超期: %v", len(list), titles(list))
	}
	if n, err := db.CountDocuments(ctx, data.DocumentFilter{ReplyOverdue: true}); err != nil || n != 2 {
		t.Errorf("overdue counted %d, %v", n, err)
	}

	c, err := db.DocumentCounts(ctx, today)
	if err != nil {
		t.Fatal(err)
	}
	if c != (data.DocumentCounts{Drafts: 1, AwaitingDelivery: 4, ReplyOverdue: 2}) {
		t.Errorf("counts %+v", c)
	}
	// Nothing more on Sunday; on Monday the ones due on Friday and today too.
	for _, tc := range []struct {
		day  data.Date
		want int
	}{{today.AddDays(1), 2}, {today.AddDays(2), 4}} {
		if c, err = db.DocumentCounts(ctx, tc.day); err != nil || c.ReplyOverdue != tc.want {
			t.Errorf("counts on %s: %+v %v, want %d overdue", tc.day, c, err, tc.want)
		}
	}
}

func titles(list []*data.Document) []string {
	var out []string
	for _, d := range list {
		out = append(out, d.Title)
	}
	return out
}

func TestDocumentsFilter(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	f := newDocFixture(t, db)

	n1 := f.draft(data.DocNotice, "关于不动产登记窗口推诿问题的监察通知书")
	n1.ComplaintID, n1.RoundID = f.complaintID, f.roundID
	createDraft(t, db, n1)
	sign(t, db, n1.ID, data.NewDate(2026, 11, 10))

	p1 := f.draft(data.DocProposal, "关于规范窗口服务的建议")
	p1.RecipientUnitID, p1.Recipient = f.otherUnit.ID, f.otherUnit.Name
	createDraft(t, db, p1)
	sign(t, db, p1.ID, data.NewDate(2026, 11, 12))

	old := f.draft(data.DocNotice, "关于上半年检查问题的监察通知书")
	old.ReplyDue = data.Date{}
	createDraft(t, db, old)
	sign(t, db, old.ID, data.NewDate(2025, 6, 3))

	draft := createDraft(t, db, f.draft(data.DocWarning, "效能告诫通知书（草稿）"))
	deleted := createDraft(t, db, f.draft(data.DocNotice, "录错的监察通知书"))
	if err := db.DeleteDocument(ctx, deleted.ID); err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name string
		f    data.DocumentFilter
		want []*data.Document
	}{
		// Newest first: the draft (made today), then by 成文日期.
		{"all", data.DocumentFilter{}, []*data.Document{draft, p1, n1, old}},
		{"kind", data.DocumentFilter{Kind: data.DocNotice}, []*data.Document{n1, old}},
		{"status", data.DocumentFilter{Status: data.DocDraft}, []*data.Document{draft}},
		{"recipient", data.DocumentFilter{RecipientUnitID: f.otherUnit.ID}, []*data.Document{p1}},
		{"complaint", data.DocumentFilter{ComplaintID: f.complaintID}, []*data.Document{n1}},
		{"round", data.DocumentFilter{RoundID: f.roundID}, []*data.Document{n1}},
		{"year 2025", data.DocumentFilter{Year: 2025}, []*data.Document{old}},
		{"year 2026 includes drafts", data.DocumentFilter{Year: 2026}, []*data.Document{draft, p1, n1}},
		{"search title", data.DocumentFilter{Search: "推诿"}, []*data.Document{n1}},
		{"search number", data.DocumentFilter{Search: "效监建〔2026〕1"}, []*data.Document{p1}},
		{"search recipient", data.DocumentFilter{Search: "城关镇"}, []*data.Document{p1}},
		{"search wildcard is literal", data.DocumentFilter{Search: "%"}, nil},
		{"limit", data.DocumentFilter{Limit: 2}, []*data.Document{draft, p1}},
		{"offset", data.DocumentFilter{Limit: 2, Offset: 2}, []*data.Document{n1, old}},
		{"offset only", data.DocumentFilter{Offset: 3}, []*data.Document{old}},
		{"combined", data.DocumentFilter{Kind: data.DocNotice, Year: 2026, Status: data.DocSigned}, []*data.Document{n1}},
	}
	for _, c := range cases {
		got, err := db.Documents(ctx, c.f)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !slices.Equal(titles(got), titles(c.want)) {
			t.Errorf("%s: got %v, want %v", c.name, titles(got), titles(c.want))
		}
		// The count is the whole list's, whatever page is read.
		whole := c.f
		whole.Limit, whole.Offset = 0, 0
		all, err := db.Documents(ctx, whole)
		if err != nil {
			t.Fatal(err)
		}
		if n, err := db.CountDocuments(ctx, c.f); err != nil || n != len(all) {
			t.Errorf("%s: counted %d, %v; the list has %d", c.name, n, err, len(all))
		}
	}
	// The deleted draft, made today, does not count; the 2025 notice does.
	if y, err := db.FirstDocumentYear(ctx); err != nil || y != 2025 {
		t.Errorf("first year %d, %v", y, err)
	}
	if got, err := db.Document(ctx, deleted.ID); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("deleted document read: %+v %v", got, err)
	}
}
