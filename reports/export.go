package reports

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"xiaoneng/data"
	"xiaoneng/data/store"
)

// ExportKinds are the registries ExportJSON writes, in the order the
// command line lists them.
var ExportKinds = []string{"units", "complaints", "rounds", "visits", "findings", "documents", "actions", store.AuditExport}

// ExportJSON writes every live record of one registry to w as a JSON array
// of objects with snake_case keys. Every key is always present; an empty
// text, reference, date or time is null. Dates are YYYY-MM-DD, times RFC 3339
// in the office's zone. The complainant's identity is written only when
// withIdentity is set; without it the identity keys are absent altogether.
func ExportJSON(ctx context.Context, db *store.DB, kind string, w io.Writer, withIdentity bool) error {
	if err := logExport(ctx, db, kind, withIdentity); err != nil {
		return err
	}
	switch kind {
	case "units":
		return exportUnits(ctx, db, w)
	case "complaints":
		return exportComplaints(ctx, db, w, withIdentity)
	case "rounds":
		return exportRounds(ctx, db, w)
	case "visits":
		return exportVisits(ctx, db, w)
	case "findings":
		return exportFindings(ctx, db, w)
	case "documents":
		return exportDocuments(ctx, db, w, withIdentity)
	case "actions":
		return exportActions(ctx, db, w)
	case store.AuditExport:
		return exportAudit(ctx, db, w)
	}
	return unknownKind(kind)
}

func unknownKind(kind string) error {
	return data.Invalid("Kind", fmt.Sprintf("没有“%s”这类数据可导出，可导出：%s", kind, strings.Join(ExportKinds, "、")))
}

// logExport writes the export's audit row (store.LogExport), refusing a
// user who may not export before anything is written.
func logExport(ctx context.Context, db *store.DB, kind string, withIdentity bool) error {
	if !slices.Contains(ExportKinds, kind) {
		return unknownKind(kind)
	}
	return db.LogExport(ctx, kind, withIdentity)
}

// revealForExport puts the complainants' identities into the complaints of
// an export that includes them, each with its audit row
// (store.ExportIdentities).
func revealForExport(ctx context.Context, db *store.DB, list []*data.Complaint) error {
	ids := make([]string, len(list))
	for i, c := range list {
		ids[i] = c.ID
	}
	identities, err := db.ExportIdentities(ctx, ids, "complaints")
	if err != nil {
		return err
	}
	for _, c := range list {
		c.Complainant = identities[c.ID]
	}
	return nil
}

// jsonArray streams one JSON object at a time, so a large registry never
// sits in memory as a second, encoded copy.
type jsonArray struct {
	w   *bufio.Writer
	buf bytes.Buffer
	enc *json.Encoder
	n   int
}

func newJSONArray(w io.Writer) *jsonArray {
	a := &jsonArray{w: bufio.NewWriterSize(w, 64<<10)}
	a.enc = json.NewEncoder(&a.buf)
	a.enc.SetEscapeHTML(false) // keep “<” and “&” in Chinese text readable
	return a
}

func (a *jsonArray) add(v any) error {
	a.buf.Reset()
	if err := a.enc.Encode(v); err != nil {
		return fmt.Errorf("reports: export: %w", err)
	}
	sep := ",\n"
	if a.n == 0 {
		sep = "[\n"
	}
	a.n++
	if _, err := a.w.WriteString(sep); err != nil {
		return fmt.Errorf("reports: export: %w", err)
	}
	if _, err := a.w.Write(bytes.TrimSuffix(a.buf.Bytes(), []byte("\n"))); err != nil {
		return fmt.Errorf("reports: export: %w", err)
	}
	return nil
}

func (a *jsonArray) close() error {
	end := "\n]\n"
	if a.n == 0 {
		end = "[]\n"
	}
	if _, err := a.w.WriteString(end); err != nil {
		return fmt.Errorf("reports: export: %w", err)
	}
	if err := a.w.Flush(); err != nil {
		return fmt.Errorf("reports: export: %w", err)
	}
	return nil
}

// writeAll streams rows through conv.
func writeJSONArray[T any](w io.Writer, rows []T, conv func(T) any) error {
	a := newJSONArray(w)
	for _, r := range rows {
		if err := a.add(conv(r)); err != nil {
			return err
		}
	}
	return a.close()
}

// Value helpers: the empty value of each type becomes null.

func jsonText(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func jsonDate(d data.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

func jsonTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.In(data.Zone).Format(time.RFC3339)
	return &s
}

func jsonIDs(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

// recordJSON is what every exported record carries.
type recordJSON struct {
	ID        string  `json:"id"`
	CreatedAt *string `json:"created_at"`
	UpdatedAt *string `json:"updated_at"`
	UpdatedBy *string `json:"updated_by"`
	Device    *string `json:"device"`
}

func jsonRecord(r data.Record) recordJSON {
	return recordJSON{ID: r.ID, CreatedAt: jsonTime(r.CreatedAt), UpdatedAt: jsonTime(r.UpdatedAt), UpdatedBy: jsonText(r.UpdatedBy), Device: jsonText(r.Device)}
}

type disclosureJSON struct {
	Item      string  `json:"item"`
	Posted    bool    `json:"posted"`
	CheckedOn *string `json:"checked_on"`
}

type unitJSON struct {
	recordJSON
	Name           string           `json:"name"`
	ShortName      *string          `json:"short_name"`
	Category       string           `json:"category"`
	ParentID       *string          `json:"parent_id"`
	Parent         *string          `json:"parent"`
	Principal      *string          `json:"principal"`
	LeaderInCharge *string          `json:"leader_in_charge"`
	Contact        *string          `json:"contact"`
	Phone          *string          `json:"phone"`
	Hotline        *string          `json:"hotline"`
	Address        *string          `json:"address"`
	Status         string           `json:"status"`
	MergedIntoID   *string          `json:"merged_into_id"`
	MergedInto     *string          `json:"merged_into"`
	Note           *string          `json:"note"`
	Disclosures    []disclosureJSON `json:"disclosures"`
}

func exportUnits(ctx context.Context, db *store.DB, w io.Writer) error {
	units, err := db.Units(ctx, data.UnitFilter{})
	if err != nil {
		return err
	}
	byID := make(nameIndex, len(units))
	for _, u := range units {
		byID[u.ID] = u.Name
	}
	// The list leaves out the 制度公示 checklist; one small query per unit
	// is cheap for a county's few hundred units.
	for i, u := range units {
		full, err := db.Unit(ctx, u.ID)
		if err != nil {
			return err
		}
		units[i].Disclosures = full.Disclosures
	}
	return writeJSONArray(w, units, func(u *data.Unit) any {
		ds := make([]disclosureJSON, len(u.Disclosures))
		for i, d := range u.Disclosures {
			ds[i] = disclosureJSON{Item: string(d.Item), Posted: d.Posted, CheckedOn: jsonDate(d.CheckedOn)}
		}
		return unitJSON{
			recordJSON: jsonRecord(u.Record), Name: u.Name, ShortName: jsonText(u.ShortName), Category: string(u.Category),
			ParentID: jsonText(u.ParentID), Parent: jsonText(u.ParentName), Principal: jsonText(u.Principal),
			LeaderInCharge: jsonText(u.LeaderInCharge), Contact: jsonText(u.Contact), Phone: jsonText(u.Phone),
			Hotline: jsonText(u.Hotline), Address: jsonText(u.Address), Status: string(u.Status),
			MergedIntoID: jsonText(u.MergedIntoID), MergedInto: jsonText(byID[u.MergedIntoID]), Note: jsonText(u.Note),
			Disclosures: ds,
		}
	})
}

// nameIndex maps the ids of people, units or complaints to their names.
type nameIndex map[string]string

func (n nameIndex) of(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if name, ok := n[id]; ok {
			out = append(out, name)
		}
	}
	return out
}

func exportPeopleNames(ctx context.Context, db *store.DB) (nameIndex, error) {
	people, err := db.People(ctx, "")
	if err != nil {
		return nil, err
	}
	n := make(nameIndex, len(people))
	for _, p := range people {
		n[p.ID] = p.Name
	}
	return n, nil
}

func exportUnitNames(ctx context.Context, db *store.DB) (nameIndex, error) {
	units, err := db.Units(ctx, data.UnitFilter{})
	if err != nil {
		return nil, err
	}
	n := make(nameIndex, len(units))
	for _, u := range units {
		n[u.ID] = u.Name
	}
	return n, nil
}

type roundJSON struct {
	recordJSON
	Title       string   `json:"title"`
	Kind        string   `json:"kind"`
	Start       *string  `json:"start"`
	End         *string  `json:"end"`
	Description *string  `json:"description"`
	LeaderID    *string  `json:"leader_id"`
	Leader      *string  `json:"leader"`
	MemberIDs   []string `json:"member_ids"`
	Members     []string `json:"members"`
	UnitIDs     []string `json:"unit_ids"`
	Units       []string `json:"units"`
}

func exportRounds(ctx context.Context, db *store.DB, w io.Writer) error {
	rounds, err := db.Rounds(ctx, data.RoundFilter{})
	if err != nil {
		return err
	}
	people, err := exportPeopleNames(ctx, db)
	if err != nil {
		return err
	}
	units, err := exportUnitNames(ctx, db)
	if err != nil {
		return err
	}
	return writeJSONArray(w, rounds, func(r *data.Round) any {
		return roundJSON{
			recordJSON: jsonRecord(r.Record), Title: r.Title, Kind: string(r.Kind), Start: jsonDate(r.Start), End: jsonDate(r.End),
			Description: jsonText(r.Description), LeaderID: jsonText(r.LeaderID), Leader: jsonText(people[r.LeaderID]),
			MemberIDs: jsonIDs(r.MemberIDs), Members: people.of(r.MemberIDs), UnitIDs: jsonIDs(r.UnitIDs), Units: units.of(r.UnitIDs),
		}
	})
}

type visitJSON struct {
	recordJSON
	RoundID      string   `json:"round_id"`
	Round        *string  `json:"round"`
	UnitID       string   `json:"unit_id"`
	Unit         string   `json:"unit"`
	VisitedAt    *string  `json:"visited_at"`
	Place        *string  `json:"place"`
	Summary      *string  `json:"summary"`
	InspectorIDs []string `json:"inspector_ids"`
	Inspectors   []string `json:"inspectors"`
	FindingCount int      `json:"finding_count"`
	Result       string   `json:"result"`
	PhoneNumber  *string  `json:"phone_number"`
	Answered     *string  `json:"answered"`
	Attitude     *string  `json:"attitude"`
}

func exportVisits(ctx context.Context, db *store.DB, w io.Writer) error {
	visits, err := db.Visits(ctx, data.VisitFilter{})
	if err != nil {
		return err
	}
	people, err := exportPeopleNames(ctx, db)
	if err != nil {
		return err
	}
	rounds, err := db.Rounds(ctx, data.RoundFilter{})
	if err != nil {
		return err
	}
	titles := make(nameIndex, len(rounds))
	for _, r := range rounds {
		titles[r.ID] = r.Title
	}
	return writeJSONArray(w, visits, func(v *data.Visit) any {
		result := "未发现问题"
		if v.FindingCount > 0 {
			result = "发现问题"
		}
		return visitJSON{
			recordJSON: jsonRecord(v.Record), RoundID: v.RoundID, Round: jsonText(titles[v.RoundID]), UnitID: v.UnitID, Unit: v.UnitName,
			VisitedAt: jsonTime(v.VisitedAt), Place: jsonText(v.Place), Summary: jsonText(v.Summary),
			InspectorIDs: jsonIDs(v.InspectorIDs), Inspectors: people.of(v.InspectorIDs), FindingCount: v.FindingCount, Result: result,
			PhoneNumber: jsonText(v.PhoneNumber), Answered: jsonText(v.Answered), Attitude: jsonText(v.Attitude),
		}
	})
}

type findingJSON struct {
	recordJSON
	VisitID       string  `json:"visit_id"`
	RoundID       *string `json:"round_id"`
	UnitID        string  `json:"unit_id"`
	Unit          string  `json:"unit"`
	FoundOn       *string `json:"found_on"`
	Category      string  `json:"category"`
	Description   string  `json:"description"`
	StaffName     *string `json:"staff_name"`
	StaffPost     *string `json:"staff_post"`
	Disposition   *string `json:"disposition"`
	RectStatus    string  `json:"rect_status"`
	RectLimitDays int     `json:"rect_limit_days"`
	RectDue       *string `json:"rect_due"`
	ReportOn      *string `json:"report_on"`
	ReportContent *string `json:"report_content"`
	RecheckOn     *string `json:"recheck_on"`
	RecheckResult *string `json:"recheck_result"`
	RecheckBy     *string `json:"recheck_by"`
	ClosedOn      *string `json:"closed_on"`
}

func exportFindings(ctx context.Context, db *store.DB, w io.Writer) error {
	findings, err := db.Findings(ctx, data.FindingFilter{})
	if err != nil {
		return err
	}
	return writeJSONArray(w, findings, func(f *data.Finding) any {
		return findingJSON{
			recordJSON: jsonRecord(f.Record), VisitID: f.VisitID, RoundID: jsonText(f.RoundID), UnitID: f.UnitID, Unit: f.UnitName,
			FoundOn: jsonDate(f.FoundOn), Category: string(f.Category), Description: f.Description,
			StaffName: jsonText(f.StaffName), StaffPost: jsonText(f.StaffPost), Disposition: jsonText(string(f.Disposition)),
			RectStatus: string(f.RectStatus), RectLimitDays: f.RectLimitDays, RectDue: jsonDate(f.RectDue),
			ReportOn: jsonDate(f.ReportOn), ReportContent: jsonText(f.ReportContent), RecheckOn: jsonDate(f.RecheckOn),
			RecheckResult: jsonText(string(f.RecheckResult)), RecheckBy: jsonText(f.RecheckBy), ClosedOn: jsonDate(f.ClosedOn),
		}
	})
}

type documentJSON struct {
	recordJSON
	Kind            string   `json:"kind"`
	Status          string   `json:"status"`
	Number          *string  `json:"number"`
	Title           string   `json:"title"`
	RecipientUnitID *string  `json:"recipient_unit_id"`
	Recipient       *string  `json:"recipient"`
	Body            *string  `json:"body"`
	IssuingBody     *string  `json:"issuing_body"`
	SignedOn        *string  `json:"signed_on"`
	Signer          *string  `json:"signer"`
	ReplyDue        *string  `json:"reply_due"`
	WithIdentity    bool     `json:"with_identity"`
	DeliveredOn     *string  `json:"delivered_on"`
	DeliveryMethod  *string  `json:"delivery_method"`
	DeliveredTo     *string  `json:"delivered_to"`
	DeliveredBy     *string  `json:"delivered_by"`
	DeliveryPlace   *string  `json:"delivery_place"`
	RefusalNote     *string  `json:"refusal_note"`
	Witness         *string  `json:"witness"`
	RepliedOn       *string  `json:"replied_on"`
	ReplyContent    *string  `json:"reply_content"`
	ArchivedOn      *string  `json:"archived_on"`
	VoidReason      *string  `json:"void_reason"`
	ComplaintID     *string  `json:"complaint_id"`
	RoundID         *string  `json:"round_id"`
	VisitID         *string  `json:"visit_id"`
	FindingIDs      []string `json:"finding_ids"`
}

// exportDocuments writes the documents. The text of a document printed with
// the complainant's identity carries that identity, so it is left out (null)
// unless withIdentity.
func exportDocuments(ctx context.Context, db *store.DB, w io.Writer, withIdentity bool) error {
	docs, err := db.Documents(ctx, data.DocumentFilter{})
	if err != nil {
		return err
	}
	// The list leaves out the findings a document is about; documents are a
	// few hundred a year, so one query each is cheap.
	for i, d := range docs {
		full, err := db.Document(ctx, d.ID)
		if err != nil {
			return err
		}
		docs[i].FindingIDs = full.FindingIDs
	}
	return writeJSONArray(w, docs, func(d *data.Document) any {
		body := jsonText(d.Body)
		if d.WithIdentity && !withIdentity {
			body = nil
		}
		return documentJSON{
			recordJSON: jsonRecord(d.Record), Kind: string(d.Kind), Status: string(d.Status), Number: jsonText(d.Number),
			Title: d.Title, RecipientUnitID: jsonText(d.RecipientUnitID), Recipient: jsonText(d.Recipient), Body: body,
			IssuingBody: jsonText(d.IssuingBody), SignedOn: jsonDate(d.SignedOn), Signer: jsonText(d.Signer), ReplyDue: jsonDate(d.ReplyDue),
			WithIdentity: d.WithIdentity, DeliveredOn: jsonDate(d.DeliveredOn), DeliveryMethod: jsonText(d.DeliveryMethod),
			DeliveredTo: jsonText(d.DeliveredTo), DeliveredBy: jsonText(d.DeliveredBy), DeliveryPlace: jsonText(d.DeliveryPlace),
			RefusalNote: jsonText(d.RefusalNote), Witness: jsonText(d.Witness), RepliedOn: jsonDate(d.RepliedOn),
			ReplyContent: jsonText(d.ReplyContent), ArchivedOn: jsonDate(d.ArchivedOn), VoidReason: jsonText(d.VoidReason),
			ComplaintID: jsonText(d.ComplaintID), RoundID: jsonText(d.RoundID), VisitID: jsonText(d.VisitID), FindingIDs: jsonIDs(d.FindingIDs),
		}
	})
}

type actionJSON struct {
	recordJSON
	TargetKind  string  `json:"target_kind"`
	UnitID      *string `json:"unit_id"`
	Unit        *string `json:"unit"`
	PersonName  *string `json:"person_name"`
	PersonPost  *string `json:"person_post"`
	Measure     string  `json:"measure"`
	FindingID   *string `json:"finding_id"`
	ComplaintID *string `json:"complaint_id"`
	Reason      *string `json:"reason"`
	DecidedOn   *string `json:"decided_on"`
	DecidedBy   *string `json:"decided_by"`
	DocNumber   *string `json:"doc_number"`
}

func exportActions(ctx context.Context, db *store.DB, w io.Writer) error {
	actions, err := db.Actions(ctx, data.ActionFilter{})
	if err != nil {
		return err
	}
	return writeJSONArray(w, actions, func(a *data.Action) any {
		return actionJSON{
			recordJSON: jsonRecord(a.Record), TargetKind: string(a.TargetKind), UnitID: jsonText(a.UnitID), Unit: jsonText(a.UnitName),
			PersonName: jsonText(a.PersonName), PersonPost: jsonText(a.PersonPost), Measure: string(a.Measure),
			FindingID: jsonText(a.FindingID), ComplaintID: jsonText(a.ComplaintID), Reason: jsonText(a.Reason),
			DecidedOn: jsonDate(a.DecidedOn), DecidedBy: jsonText(a.DecidedBy), DocNumber: jsonText(a.DocNumber),
		}
	})
}

// exportAudit writes the audit log, oldest first (the 审计日志's rows:
// managers and leaders only). Identities are in it only masked.
func exportAudit(ctx context.Context, db *store.DB, w io.Writer) error {
	entries, err := auditEntries(ctx, db)
	if err != nil {
		return err
	}
	names, err := db.AuditNames(ctx, entries)
	if err != nil {
		return err
	}
	return writeJSONArray(w, entries, func(e data.AuditEntry) any {
		return auditJSON{ID: e.ID, At: jsonTime(e.At), Actor: e.Actor, ActorName: jsonText(e.ActorName), Device: jsonText(e.Device),
			Table: jsonText(e.Table), RecordKind: jsonText(data.RecordKind(e.Table)), RecordID: jsonText(e.RecordID),
			Record: jsonText(e.RecordName(names)), Action: string(e.Action), Kind: jsonText(string(e.Action.Kind())),
			Changes: jsonText(e.Changes(names)), Before: e.Before, After: e.After}
	})
}

// auditEntries are the rows of the audit log, oldest first.
func auditEntries(ctx context.Context, db *store.DB) ([]data.AuditEntry, error) {
	entries, err := db.AuditLog(ctx, data.AuditFilter{})
	if err != nil {
		return nil, err
	}
	slices.Reverse(entries)
	return entries, nil
}

type auditJSON struct {
	ID         int64   `json:"id"`
	At         *string `json:"at"`
	Actor      string  `json:"actor"`
	ActorName  *string `json:"actor_name"`
	Device     *string `json:"device"`
	Table      *string `json:"table"`
	RecordKind *string `json:"record_kind"` // the table as the user knows it (单位)
	RecordID   *string `json:"record_id"`
	Record     *string `json:"record"` // the record's name (a unit's, a complaint's number)
	Action     string  `json:"action"`
	Kind       *string `json:"kind"`
	// Changes are before and after for a person: 字段：改前 → 改后, by
	// label, references named; before and after stay as the row holds them.
	Changes *string        `json:"changes"`
	Before  map[string]any `json:"before"`
	After   map[string]any `json:"after"`
}

// identityJSON is the complainant's identity: written only on request.
type identityJSON struct {
	ComplainantName     *string `json:"complainant_name"`
	ComplainantPhone    *string `json:"complainant_phone"`
	ComplainantIDNumber *string `json:"complainant_id_number"`
	ComplainantAddress  *string `json:"complainant_address"`
	ComplainantUnit     *string `json:"complainant_unit"`
}

type complaintJSON struct {
	recordJSON
	Number     string  `json:"number"`
	ReceivedAt *string `json:"received_at"`
	Channel    string  `json:"channel"`
	SourceRef  *string `json:"source_ref"`
	Anonymous  bool    `json:"anonymous"`
	*identityJSON
	UnitID        *string `json:"unit_id"`
	Unit          *string `json:"unit"`
	PersonName    *string `json:"person_name"`
	PersonPost    *string `json:"person_post"`
	Category      string  `json:"category"`
	Subject       string  `json:"subject"`
	Content       *string `json:"content"`
	Status        string  `json:"status"`
	AcceptDue     *string `json:"accept_due"`
	AcceptedAt    *string `json:"accepted_at"`
	RejectReason  *string `json:"reject_reason"`
	TransferTo    *string `json:"transfer_to"`
	HandlerUnitID *string `json:"handler_unit_id"`
	HandlerUnit   *string `json:"handler_unit"`
	AssignedAt    *string `json:"assigned_at"`
	LimitDays     int     `json:"limit_days"`
	DueDate       *string `json:"due_date"`
	Overdue       bool    `json:"overdue"` // missed its 办理时限 (data.Complaint.MissedDue)
	FedBackAt     *string `json:"fed_back_at"`
	Feedback      *string `json:"feedback"`
	Verification  *string `json:"verification"`
	RepliedAt     *string `json:"replied_at"`
	Satisfaction  *string `json:"satisfaction"`
	ClosedAt      *string `json:"closed_at"`
	ArchivedAt    *string `json:"archived_at"`
	MergedIntoID  *string `json:"merged_into_id"`
	MergedInto    *string `json:"merged_into"`
	Round         int     `json:"round"`
}

// exportComplaints writes the complaints as they are read, one at a time.
func exportComplaints(ctx context.Context, db *store.DB, w io.Writer, withIdentity bool) error {
	cal, err := db.Calendar(ctx)
	if err != nil {
		return err
	}
	today := db.Today()
	a := newJSONArray(w)
	if err := db.EachComplaint(ctx, data.ComplaintFilter{}, func(c *data.Complaint) error {
		if withIdentity {
			if err := revealForExport(ctx, db, []*data.Complaint{c}); err != nil {
				return err
			}
		}
		return a.add(complaintRow(c, cal, today, withIdentity))
	}); err != nil {
		return err
	}
	return a.close()
}

// complaintRow is one complaint as exported on day today.
func complaintRow(c *data.Complaint, cal *data.Calendar, today data.Date, withIdentity bool) complaintJSON {
	row := complaintJSON{
		recordJSON: jsonRecord(c.Record), Number: c.Number, ReceivedAt: jsonTime(c.ReceivedAt), Channel: string(c.Channel),
		SourceRef: jsonText(c.SourceRef), Anonymous: c.Complainant.Anonymous,
		UnitID: jsonText(c.UnitID), Unit: jsonText(c.UnitName), PersonName: jsonText(c.PersonName), PersonPost: jsonText(c.PersonPost),
		Category: string(c.Category), Subject: c.Subject, Content: jsonText(c.Content), Status: string(c.Status),
		AcceptDue: jsonDate(c.AcceptDue), AcceptedAt: jsonTime(c.AcceptedAt), RejectReason: jsonText(c.RejectReason),
		TransferTo: jsonText(c.TransferTo), HandlerUnitID: jsonText(c.HandlerUnitID), HandlerUnit: jsonText(c.HandlerUnitName),
		AssignedAt: jsonTime(c.AssignedAt), LimitDays: c.LimitDays, DueDate: jsonDate(c.DueDate), Overdue: c.MissedDue(cal, today),
		FedBackAt: jsonTime(c.FedBackAt), Feedback: jsonText(c.Feedback), Verification: jsonText(string(c.Verification)),
		RepliedAt: jsonTime(c.RepliedAt), Satisfaction: jsonText(string(c.Satisfaction)), ClosedAt: jsonTime(c.ClosedAt),
		ArchivedAt: jsonTime(c.ArchivedAt), MergedIntoID: jsonText(c.MergedIntoID), MergedInto: jsonText(c.MergedIntoNo),
		Round: c.Round,
	}
	if withIdentity {
		p := c.Complainant
		row.identityJSON = &identityJSON{
			ComplainantName: jsonText(p.Name), ComplainantPhone: jsonText(p.Phone), ComplainantIDNumber: jsonText(p.IDNumber),
			ComplainantAddress: jsonText(p.Address), ComplainantUnit: jsonText(p.Unit),
		}
	}
	return row
}
