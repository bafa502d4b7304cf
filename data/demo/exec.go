package demo

import (
	"context"
	"fmt"
	"strings"

	"xiaoneng/data"
	"xiaoneng/data/store"
)

// executor writes a plan into the ledger through the store's public
// methods, each its own transaction, as the office's staff would have.
type executor struct {
	ctx         context.Context
	db          *store.DB
	g           *gen
	plan        *plan
	figures     Figures
	progress    func(done, total int)
	done, total int
	ids         map[string]string         // plan key → record ID
	sessions    map[string]*store.Session // the demo users', by login
}

func (ex *executor) tick() {
	ex.done++
	if ex.progress != nil {
		ex.progress(ex.done, ex.total)
	}
}

// as makes the following changes those of the demo user login.
func (ex *executor) as(login string) { ex.db.Resume(ex.sessions[login]) }

// asSigner makes the following changes those of the leader who signs.
func (ex *executor) asSigner(p *data.Person) { ex.as(signerLogin(ex.plan.people, p)) }

// id turns a plan key into the record's ID ("" stays "").
func (ex *executor) id(key string) string {
	if key == "" {
		return ""
	}
	return ex.ids[key]
}

func (ex *executor) run() error {
	ex.ids = map[string]string{}
	for _, step := range []func() error{ex.users, ex.settings, ex.units, ex.people, ex.rounds, ex.complaints, ex.logs, ex.documents, ex.actions, ex.tasks, ex.appraisals, ex.retire} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

func (ex *executor) settings() error {
	ex.as(director)
	if err := ex.db.SaveSettings(ex.ctx, ex.g.settings); err != nil {
		return fmt.Errorf("settings: %w", err)
	}
	ex.tick()
	return nil
}

func (ex *executor) units() error {
	for _, r := range ex.plan.units {
		if r.parent != nil {
			r.u.ParentID = r.parent.u.ID
		}
		if err := ex.db.CreateUnit(ex.ctx, r.u); err != nil {
			return fmt.Errorf("unit %s: %w", r.u.Name, err)
		}
		ex.ids[r.key] = r.u.ID
		ex.tick()
	}
	return nil
}

func (ex *executor) people() error {
	for _, p := range ex.plan.people.all {
		if err := ex.db.CreatePerson(ex.ctx, p); err != nil {
			return fmt.Errorf("person %s: %w", p.Name, err)
		}
		ex.tick()
	}
	return nil
}

func (ex *executor) rounds() error {
	for _, rp := range ex.plan.rounds {
		r := rp.r
		r.LeaderID = rp.leader.ID
		for _, m := range rp.members {
			r.MemberIDs = append(r.MemberIDs, m.ID)
		}
		for _, u := range rp.units {
			r.UnitIDs = append(r.UnitIDs, u.u.ID)
		}
		ex.as(inspector)
		if err := ex.db.CreateRound(ex.ctx, r); err != nil {
			return fmt.Errorf("round %s: %w", r.Title, err)
		}
		ex.tick()
		for _, vp := range rp.visits {
			if err := ex.visit(vp); err != nil {
				return fmt.Errorf("round %s, visit to %s: %w", r.Title, vp.unit.u.Name, err)
			}
			ex.tick()
		}
	}
	return nil
}

// visit records a visit with its findings and photos, then the steps of
// each finding's rectification.
func (ex *executor) visit(vp *visitPlan) error {
	v := vp.v
	v.RoundID, v.UnitID = vp.round.r.ID, vp.unit.u.ID
	for _, p := range vp.inspectors {
		v.InspectorIDs = append(v.InspectorIDs, p.ID)
	}
	var findings []*data.Finding
	for _, fp := range vp.findings {
		findings = append(findings, fp.f)
	}
	photos, err := drawAll(vp.photos)
	if err != nil {
		return err
	}
	ex.as(inspector)
	if err := ex.db.RecordVisit(ex.ctx, v, findings, photos); err != nil {
		return err
	}
	for _, fp := range vp.findings {
		for _, s := range fp.steps {
			if s.report {
				files, err := drawAll(s.files)
				if err != nil {
					return err
				}
				err = ex.db.SubmitRectificationReport(ex.ctx, fp.f.ID, s.on, s.content, files)
				if err != nil {
					return fmt.Errorf("rectification report of %s: %w", fp.f.Description, err)
				}
				continue
			}
			if _, err := ex.db.RecheckFinding(ex.ctx, fp.f.ID, s.on, s.result, s.by, s.note, s.newLimit); err != nil {
				return fmt.Errorf("re-check of %s: %w", fp.f.Description, err)
			}
		}
	}
	return nil
}

func drawAll(list []photo) ([]*data.Attachment, error) {
	var out []*data.Attachment
	for _, p := range list {
		a, err := p.attachment()
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

func (ex *executor) complaints() error {
	for _, tk := range ex.plan.complaints {
		if err := ex.complaint(tk); err != nil {
			return fmt.Errorf("complaint received %s (%s): %w", tk.c.ReceivedAt.Format("2006-01-02 15:04"), tk.c.Subject, err)
		}
		ex.tick()
	}
	return nil
}

// complaint registers a complaint and applies its steps; the state it ends in
// must be the one the plan expects, or the plan and the workflow disagree.
func (ex *executor) complaint(tk *complaint) error {
	c := tk.c
	c.UnitID = tk.unit.u.ID
	ex.as(clerk)
	if _, err := ex.db.RegisterComplaint(ex.ctx, c); err != nil {
		return err
	}
	ex.ids[tk.key] = c.ID
	for _, s := range tk.steps {
		s.HandlerUnitID = ex.id(s.HandlerUnitID)
		s.RelatedID = ex.id(s.RelatedID)
		if tk.master != nil {
			s.Note = strings.ReplaceAll(s.Note, "{master}", tk.master.c.Number)
		}
		got, _, err := ex.db.ApplyStep(ex.ctx, c.ID, s)
		if err != nil {
			return fmt.Errorf("%s at %s: %w", s.Kind, s.At.Format("2006-01-02 15:04"), err)
		}
		tk.c = got
	}
	if tk.c.Status != tk.state {
		return fmt.Errorf("ended %s, planned %s", tk.c.Status, tk.state)
	}
	return nil
}

func (ex *executor) logs() error {
	ex.as(inspector)
	for _, lp := range ex.plan.logs {
		lp.a.UnitID = lp.unit.u.ID
		if lp.complaint != nil {
			lp.a.ComplaintID = lp.complaint.c.ID
		}
		if err := ex.db.CreateActivityLog(ex.ctx, lp.a); err != nil {
			return fmt.Errorf("activity log of %s: %w", lp.unit.u.Name, err)
		}
		ex.tick()
	}
	return nil
}

func (ex *executor) documents() error {
	for _, dp := range ex.plan.docs {
		if err := ex.document(dp); err != nil {
			return fmt.Errorf("%s to %s: %w", dp.kind, dp.to, err)
		}
		ex.tick()
	}
	return nil
}

// document drafts, signs, delivers, files or voids one document.
func (ex *executor) document(dp *docPlan) error {
	if b := dp.bulletin; b != nil {
		// the figures the ledger keeps of the period, those still open
		// past their due date counted on the day the 通报 is signed
		asOf := dp.sign
		if asOf.IsZero() {
			asOf = ex.g.today
		}
		var err error
		if b.complaints, b.supervision, err = ex.figures(ex.ctx, ex.db, b.period, asOf); err != nil {
			return err
		}
	}
	title, body := dp.text()
	d := &data.Document{Kind: dp.kind, Title: title, Recipient: dp.to, Body: body, ReplyDue: dp.replyDue}
	if dp.recipient != nil {
		d.RecipientUnitID = dp.recipient.u.ID
	}
	if dp.complaint != nil {
		d.ComplaintID = dp.complaint.c.ID
	}
	if dp.round != nil {
		d.RoundID = dp.round.r.ID
	}
	if dp.visit != nil {
		d.VisitID = dp.visit.v.ID
	}
	for _, fp := range dp.findings {
		d.FindingIDs = append(d.FindingIDs, fp.f.ID)
	}
	ex.as(inspector)
	if dp.complaint != nil {
		ex.as(clerk)
	}
	if err := ex.db.CreateDocument(ex.ctx, d); err != nil {
		return err
	}
	dp.d = d
	if dp.sign.IsZero() {
		return nil
	}
	ex.asSigner(dp.signer)
	signed, err := ex.db.SignDocument(ex.ctx, d.ID, dp.sign, dp.signer.Name)
	if err != nil {
		return err
	}
	dp.d = signed
	if dp.void != "" {
		// a number voided is the signer's decision
		return ex.db.VoidDocument(ex.ctx, d.ID, dp.void)
	}
	ex.as(inspector)
	if dp.delivery != nil {
		if err := ex.db.DeliverDocument(ex.ctx, d.ID, *dp.delivery); err != nil {
			return err
		}
	}
	if !dp.reply.IsZero() {
		if err := ex.db.RecordDocumentReply(ex.ctx, d.ID, dp.reply, dp.replyTxt); err != nil {
			return err
		}
	}
	if !dp.archive.IsZero() {
		return ex.db.ArchiveDocument(ex.ctx, d.ID, dp.archive)
	}
	return nil
}

func (ex *executor) actions() error {
	ex.as(inspector)
	for _, ap := range ex.plan.actions {
		a := ap.a
		a.UnitID = ap.unit.u.ID
		if ap.finding != nil {
			a.FindingID = ap.finding.f.ID
		}
		if ap.complaint != nil {
			a.ComplaintID = ap.complaint.c.ID
		}
		if ap.doc != nil && ap.doc.d != nil {
			a.DocNumber = ap.doc.d.Number
		}
		a.Reason = ap.reason()
		if err := ex.db.CreateAction(ex.ctx, a); err != nil {
			return fmt.Errorf("action against %s: %w", ap.unit.u.Name, err)
		}
		ex.tick()
	}
	return nil
}

// retire marks the units that were merged or closed: last, because their
// history (complaints from before the merge) was written while they served.
func (ex *executor) retire() error {
	ex.as(director)
	for _, r := range ex.plan.units {
		if r.retiredOn.IsZero() {
			continue
		}
		into := ""
		if r.mergedInto != nil {
			into = r.mergedInto.u.ID
		}
		if err := ex.db.RetireUnit(ex.ctx, r.u.ID, into); err != nil {
			return fmt.Errorf("retire %s: %w", r.u.Name, err)
		}
		ex.tick()
	}
	return nil
}
