package data

import (
	"errors"
	"reflect"
	"slices"
	"testing"
)

// docIn returns a document that has reached status through the workflow.
func docIn(t *testing.T, status DocStatus) *Document {
	t.Helper()
	d := &Document{Kind: DocNotice, Title: "关于窗口服务问题的监察通知书", Recipient: "县政务服务中心", Body: "请整改。",
		ReplyDue: d("2026-11-30"), Status: DocDraft}
	path := map[DocStatus][]DocStepKind{
		DocDraft: nil, DocSigned: {DocStepSign}, DocDelivered: {DocStepSign, DocStepDeliver},
		DocReplied: {DocStepSign, DocStepDeliver, DocStepReply}, DocArchived: {DocStepSign, DocStepDeliver, DocStepReply, DocStepArchive},
		DocVoid: {DocStepSign, DocStepVoid},
	}[status]
	for _, k := range path {
		if err := d.Apply(validDocStep(k), docEnv()); err != nil {
			t.Fatalf("reaching %s: %s: %v", status, k, err)
		}
	}
	return d
}

func docEnv() DocEnv {
	s := DefaultSettings()
	s.IssuingBody = "清溪县机关效能建设办公室"
	return DocEnv{Today: d("2026-11-21"), Settings: s, Seq: 12}
}

func validDocStep(k DocStepKind) DocStep {
	on := d("2026-11-20")
	return map[DocStepKind]DocStep{
		DocStepSign:    {Kind: k, On: on, Signer: "李明"},
		DocStepDeliver: {Kind: k, Delivery: Delivery{On: on, Method: DeliverByHand, To: "张伟", By: "王芳"}},
		DocStepReply:   {Kind: k, On: on, Text: "已整改"},
		DocStepArchive: {Kind: k, On: on},
		DocStepVoid:    {Kind: k, Text: "主送单位写错"},
	}[k]
}

// Every step from every state: allowed ones move the document as the
// machine says, refused ones leave it as it was with a Chinese reason.
func TestEveryDocumentStepFromEveryState(t *testing.T) {
	to := map[DocStepKind]DocStatus{DocStepSign: DocSigned, DocStepDeliver: DocDelivered, DocStepReply: DocReplied,
		DocStepArchive: DocArchived, DocStepVoid: DocVoid}
	for _, from := range DocStatuses {
		for _, k := range []DocStepKind{DocStepSign, DocStepDeliver, DocStepReply, DocStepArchive, DocStepVoid} {
			doc := docIn(t, from)
			before := *doc
			err := doc.Apply(validDocStep(k), docEnv())
			if !slices.Contains(DocumentSteps(from), k) {
				var se *StateError
				if !errors.As(err, &se) || se.Reason == "" {
					t.Errorf("%s from %s: %v, want a StateError", k, from, err)
				}
				if !reflect.DeepEqual(*doc, before) {
					t.Errorf("%s from %s: a refused step changed the document", k, from)
				}
				continue
			}
			if err != nil || doc.Status != to[k] {
				t.Errorf("%s from %s: %v, status %s", k, from, err, doc.Status)
			}
		}
		if (docIn(t, from).CheckEdit() == nil) != (from == DocDraft) || (docIn(t, from).CheckDelete() == nil) != (from == DocDraft) {
			t.Errorf("%s: only a draft is edited and deleted", from)
		}
	}
}

func TestSignNumbersAndFreezes(t *testing.T) {
	doc := docIn(t, DocSigned)
	if doc.Number != "效监通〔2026〕12号" || doc.Year != 2026 || doc.Seq != 12 || doc.IssuingBody != "清溪县机关效能建设办公室" || doc.Signer != "李明" {
		t.Errorf("signed: %+v", doc)
	}
	for _, tc := range []struct {
		step  DocStep
		field string
	}{
		{DocStep{Kind: DocStepSign, Signer: "李明"}, "SignedOn"},
		{DocStep{Kind: DocStepSign, On: d("2026-11-20"), Signer: " "}, "Signer"},
		{DocStep{Kind: DocStepSign, On: d("2026-12-01"), Signer: "李明"}, "ReplyDue"}, // the reply due before the 成文日期
	} {
		draft := docIn(t, DocDraft)
		var ve *ValidationError
		if err := draft.Apply(tc.step, docEnv()); !errors.As(err, &ve) || ve.Field != tc.field || draft.Status != DocDraft {
			t.Errorf("%+v: %v, want %s refused", tc.step, err, tc.field)
		}
	}
}

func TestDocumentStepDates(t *testing.T) {
	for _, tc := range []struct {
		from  DocStatus
		step  DocStep
		field string
	}{
		{DocSigned, DocStep{Kind: DocStepReply, On: d("2026-11-19"), Text: "已整改"}, "RepliedOn"}, // before signing
		{DocSigned, DocStep{Kind: DocStepReply, On: d("2026-11-22"), Text: "已整改"}, "RepliedOn"}, // after today
		{DocSigned, DocStep{Kind: DocStepReply, On: d("2026-11-20")}, "ReplyContent"},
		{DocSigned, DocStep{Kind: DocStepArchive}, "ArchivedOn"},
		{DocSigned, DocStep{Kind: DocStepVoid, Text: " "}, "VoidReason"},
		{DocSigned, DocStep{Kind: DocStepDeliver, Delivery: Delivery{On: d("2026-11-20"), Method: DeliverLeft, To: "张伟", By: "王芳"}}, "RefusalNote"},
		{DocSigned, DocStep{Kind: DocStepDeliver, Delivery: Delivery{On: d("2026-11-19"), Method: DeliverByHand, To: "张伟", By: "王芳"}}, "On"},
	} {
		doc := docIn(t, tc.from)
		before := *doc
		var ve *ValidationError
		if err := doc.Apply(tc.step, docEnv()); !errors.As(err, &ve) || ve.Field != tc.field || !reflect.DeepEqual(*doc, before) {
			t.Errorf("%s %+v: %v, want %s refused and nothing changed", tc.step.Kind, tc.step, err, tc.field)
		}
	}
}
