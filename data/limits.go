package data

import "fmt"

// How many characters a text field of each sort takes: room for any real
// 台账 entry, and few enough that a pasted file or a hostile import cannot
// make a record that takes seconds to save and hundreds of megabytes to
// show. The forms, the importer and the field exchange all validate
// through the models, so this is the one table of limits.
const (
	MaxCode = 50     // a reference number, a 文号, a method
	MaxName = 50     // a person's name, a post
	MaxLine = 200    // a title, an address, a body's name, a one-line reason
	MaxList = 1000   // a list on one line: 主送, officers, a folder
	MaxText = 20000  // a complaint's content, a report, a note
	MaxBody = 100000 // a document's body, a document template
)

// MaxAttachmentSize is the largest file attached to a record: within what
// a ledger on an office desktop should carry (a scanned report or a phone
// photo is far smaller); a field package's files are held to it too.
const MaxAttachmentSize = 50 << 20

// AttachmentTooLarge refuses a file larger than MaxAttachmentSize.
func AttachmentTooLarge(name string) error {
	return Invalid("Attachments", fmt.Sprintf("附件“%s”超过%dMB，请压缩后再添加", name, MaxAttachmentSize>>20))
}

// textField is a field whose length is checked.
type textField struct {
	field, label, value string
	max                 int
}

// lengths adds a problem for each field longer than its limit.
func (p *problems) lengths(fields ...textField) {
	for _, f := range fields {
		if err := checkLength(f); err != nil {
			*p = append(*p, err)
		}
	}
}

func checkLength(f textField) error {
	if tooLong(f.value, f.max) {
		return Invalid(f.field, fmt.Sprintf("%s不能超过%d个字", f.label, f.max))
	}
	return nil
}

// firstTooLong is the first field longer than its limit, for the checks
// that stop at the first problem.
func firstTooLong(fields ...textField) error {
	for _, f := range fields {
		if err := checkLength(f); err != nil {
			return err
		}
	}
	return nil
}
