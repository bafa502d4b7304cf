package data

import "fmt"

// Settings are the office's own choices, kept in the ledger.
type Settings struct {
	OfficeName       string             // shown in the title bar
	IssuingBody      string             // 署名 on documents
	DocPrefixes      map[DocKind]string // 代字 per kind
	AcceptLimitDays  int                // 受理时限, working days
	HandleLimitDays  int                // default 办理时限
	Limit12345Days   int                // 办理时限 for 12345转办
	MonitorReplyDays int                // reply limit for 监测点 complaints
	MaxLimitDays     int                // longest 办理时限 (serious cases)
	WarnDays         int                // 临近到期 from this many working days before
	RectLimitDays    int                // default rectification deadline
	IdleLockMinutes  int                // the workbench locks after this long without use
	BackupDir        string             // where backups go; "" means beside the ledger
	FontDir          string             // where the office keeps its document fonts
	// The automatic backups kept: one a day for the last BackupDays days,
	// and one a week for the last BackupWeeks weeks before them.
	BackupDays  int
	BackupWeeks int
	// Templates are the office's own wordings of documents, by kind (the
	// 送达回证 included); a kind absent here uses the program's default.
	Templates map[DocKind]string
	// ImportMappings remember how the office's Excel columns map to fields:
	// by header signature (see importer.Signature), header → field.
	ImportMappings map[string]map[string]string
	// AssessmentWeights score the units in 评议考核.
	AssessmentWeights AssessmentWeights
}

// DefaultSettings are what a new ledger starts with (domain.md).
func DefaultSettings() Settings {
	prefixes := make(map[DocKind]string, len(DefaultPrefixes))
	for k, v := range DefaultPrefixes {
		prefixes[k] = v
	}
	return Settings{
		OfficeName:       "县机关效能建设办公室",
		IssuingBody:      "县机关效能建设办公室",
		DocPrefixes:      prefixes,
		AcceptLimitDays:  3,
		HandleLimitDays:  15,
		Limit12345Days:   5,
		MonitorReplyDays: 3,
		MaxLimitDays:     30,
		WarnDays:         3,
		RectLimitDays:    10,
		IdleLockMinutes:  15,
		BackupDays:       7,
		BackupWeeks:      9, // two months

		AssessmentWeights: DefaultAssessmentWeights(),
	}
}

// Prefix returns the 代字 for kind, falling back to the default.
func (s Settings) Prefix(kind DocKind) string {
	if p := s.DocPrefixes[kind]; p != "" {
		return p
	}
	return DefaultPrefixes[kind]
}

// Bounds of the automatic backups kept.
const (
	MaxBackupDays  = 60
	MaxBackupWeeks = 104
)

// validateBackups checks how many automatic backups are kept: at least
// yesterday's, so that a day's mistake can always be undone.
func (s *Settings) validateBackups() error {
	switch {
	case s.BackupDays < 1 || s.BackupDays > MaxBackupDays:
		return Invalid("BackupDays", fmt.Sprintf("每日备份应保留1至%d天", MaxBackupDays))
	case s.BackupWeeks < 0 || s.BackupWeeks > MaxBackupWeeks:
		return Invalid("BackupWeeks", fmt.Sprintf("每周备份应保留0至%d周", MaxBackupWeeks))
	}
	return nil
}
