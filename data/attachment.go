package data

// OwnerKind names the kind of record an attachment belongs to.
type OwnerKind string

const (
	OwnerVisit          OwnerKind = "visit"
	OwnerFinding        OwnerKind = "finding"
	OwnerFindingEvent   OwnerKind = "finding_event"
	OwnerComplaint      OwnerKind = "complaint"
	OwnerComplaintEvent OwnerKind = "complaint_event"
	OwnerDocument       OwnerKind = "document"
)

// Attachment is a file kept in the ledger (a photo, a scanned report). The
// bytes are stored once per SHA-256 and loaded only when asked for.
type Attachment struct {
	Record
	OwnerKind OwnerKind
	OwnerID   string
	Name      string
	MIME      string
	SHA256    string // hex
	Size      int64
	Data      []byte // set when creating; loaded by the store on request
}
