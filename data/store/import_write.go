package store

import (
	"fmt"
	"time"

	"xiaoneng/data"
)

// How an import writes its complaints and their histories.

// importBatch holds imported complaints until they are written, many to a
// statement: an import writes ten thousand complaints and their histories,
// and each statement costs more than the rows it writes.
type importBatch struct {
	complaints    []*data.Record
	complaintRows [][]field
	events        []*data.ComplaintEvent
	eventIDs      []string       // of every event written, for the import's batch
	keys          map[int64]bool // the search keys given, written or not
}

// importBatchSize is the number of complaints written by one statement.
const importBatchSize = 64

// add puts an imported complaint (its ID set) with its history in the batch,
// writing the batch when it is full.
func (b *importBatch) add(t *tx, c *data.Complaint, cal *data.Calendar, key, source string, row int) error {
	fields := append(registrationFields(c), workflowFields(c, cal)...)
	// keyed as it is written: ten thousand complaints keyed after the
	// insert were as many updates of their rows and indexes
	search, err := t.freeSearchKey(c.ReceivedAt, b.keys)
	if err != nil {
		return err
	}
	if b.keys == nil {
		b.keys = map[int64]bool{}
	}
	b.keys[search] = true
	fields = append(fields, field{"number", c.Number}, field{"year", c.Year}, field{"seq", c.Seq}, field{"import_key", key},
		field{"search_key", derived{search}})
	identity, err := t.sealComplainant(c)
	if err != nil {
		return err
	}
	b.complaints = append(b.complaints, &c.Record)
	b.complaintRows = append(b.complaintRows, append(fields, identity...))
	for _, e := range importedEvents(c, source, row) {
		e.ComplaintID, e.Actor, e.Round = c.ID, t.actor, 1
		b.events = append(b.events, e)
	}
	if len(b.complaints) < importBatchSize {
		return nil
	}
	return b.flush(t)
}

// flush writes the complaints of the batch, then their histories.
func (b *importBatch) flush(t *tx) error {
	if err := t.insertRows("complaints", b.complaints, b.complaintRows, identityMasks); err != nil {
		return err
	}
	recs, rows := make([]*data.Record, len(b.events)), make([][]field, len(b.events))
	for i, e := range b.events {
		recs[i], rows[i] = &e.Record, eventFields(e)
	}
	if err := t.insertRows("complaint_events", recs, rows, nil); err != nil {
		return err
	}
	for _, r := range recs {
		b.eventIDs = append(b.eventIDs, r.ID)
	}
	b.complaints, b.complaintRows, b.events = b.complaints[:0], b.complaintRows[:0], b.events[:0]
	return nil
}

// importedEvents is the history of an imported complaint: its registration
// with where it came from, and the steps its state implies.
func importedEvents(c *data.Complaint, source string, row int) []*data.ComplaintEvent {
	note := "由Excel台账导入"
	if source != "" {
		note = fmt.Sprintf("由Excel台账导入（%s第%d行）", source, row)
	}
	events := []*data.ComplaintEvent{{Kind: data.EventRegister, At: c.ReceivedAt, Note: note}}
	add := func(at time.Time, e data.ComplaintEvent) {
		if !at.IsZero() {
			e.At = at
			events = append(events, &e)
		}
	}
	switch endedAs(c) {
	case data.StatusRejected:
		add(c.ReceivedAt, data.ComplaintEvent{Kind: data.EventReject, Note: c.RejectReason})
	case data.StatusTransferred:
		add(c.ReceivedAt, data.ComplaintEvent{Kind: data.EventTransfer, TransferTo: c.TransferTo})
	case data.StatusMerged:
		add(c.ReceivedAt, data.ComplaintEvent{Kind: data.EventMerge, RelatedID: c.MergedIntoID})
	}
	// The history keeps the steps that carry something the complaint's own
	// fields do not: who handled it by when, the unit's result, the
	// verdicts. The times of the other milestones are on the complaint.
	if c.AssignedAt.IsZero() {
		add(c.AcceptedAt, data.ComplaintEvent{Kind: data.EventAccept})
	}
	add(c.AssignedAt, data.ComplaintEvent{Kind: data.EventAssign, HandlerUnitID: c.HandlerUnitID, LimitDays: c.LimitDays, DueDate: c.DueDate})
	if c.Feedback != "" {
		add(c.FedBackAt, data.ComplaintEvent{Kind: data.EventFeedback, Note: c.Feedback})
	}
	if c.Verification != "" {
		add(c.FedBackAt, data.ComplaintEvent{Kind: data.EventVerify, Result: string(c.Verification)})
	}
	if c.Satisfaction != "" {
		add(c.ClosedAt, data.ComplaintEvent{Kind: data.EventFollowUp, Result: string(c.Satisfaction)})
	}
	add(c.ArchivedAt, data.ComplaintEvent{Kind: data.EventArchive})
	return events
}
