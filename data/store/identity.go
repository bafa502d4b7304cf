package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"modernc.org/sqlite"

	"xiaoneng/data"
	"xiaoneng/data/seal"
)

// The complainant's identity at rest. A complaint keeps its complainant
// masked (张*, 138****5678) for the screens and the audit rows, and sealed:
// the identity's fields as JSON encrypted with the suite's AEAD (SM4-GCM)
// under a key of the session that registered it, bound to the complaint's id;
// that key is sealed to the ledger's public key in seal_keys. So whoever
// may register a complaint seals its complainant without any secret, and only
// a holder of the data key (users.go) opens one. Searching by the
// complainant goes through keyed hashes of the name, phone and ID number
// (identityTerms), which only a key holder can compute, in the same search
// indexes as the rest of the complaint.

func init() {
	sqlite.MustRegisterDeterministicScalarFunction("xn_mask", 2, sqlMask)
}

// sqlMask is xn_mask(kind, value): the mask of a complainant's field
// (kind name, phone, id_number or text), for migration 9.
func sqlMask(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	kind, _ := args[0].(string)
	v, ok := args[1].(string)
	if !ok {
		return args[1], nil
	}
	var p data.Complainant
	switch kind {
	case "name":
		p.Name = v
		return p.Masked().Name, nil
	case "phone":
		p.Phone = v
		return p.Masked().Phone, nil
	case "id_number":
		p.IDNumber = v
		return p.Masked().IDNumber, nil
	case "text":
		p.Address = v
		return p.Masked().Address, nil
	}
	return nil, fmt.Errorf("xn_mask: kind %q", kind)
}

// legacyIdentities are the complainants written before the seal (kept in
// legacy_identities by migration 6), each on its complaint's ID.
func (t *tx) legacyIdentities() ([]data.Complaint, error) {
	var list []data.Complaint
	err := eachRow(t.ctx, t.Tx, "legacy identities", "SELECT complaint_id, name, phone, id_number, address, unit FROM legacy_identities ORDER BY complaint_id", nil,
		func(row rowScanner) error {
			var c data.Complaint
			p := &c.Complainant
			if err := row.Scan(&c.ID, &p.Name, &p.Phone, &p.IDNumber, &p.Address, &p.Unit); err != nil {
				return err
			}
			list = append(list, c)
			return nil
		})
	return list, err
}

// maskLegacy is what xn_mask does in the file's migration 9, on a server:
// each complainant kept for sealing is masked on its complaint.
func (t *tx) maskLegacy() error {
	list, err := t.legacyIdentities()
	if err != nil {
		return err
	}
	for _, c := range list {
		m := c.Complainant.Masked()
		if _, err := t.exec(`UPDATE complaints SET complainant_name_mask = ?, complainant_phone_mask = ?, complainant_id_number_mask = ?,
			complainant_address_mask = ?, complainant_unit_mask = ? WHERE id = ?`, m.Name, m.Phone, m.IDNumber, m.Address, m.Unit, c.ID); err != nil {
			return fmt.Errorf("store: mask identities: %w", err)
		}
	}
	return nil
}

// sealedVersion leads every sealed identity, for the format to change.
const sealedVersion = 1

// sealingKey is the key a session encrypts identities with and its row in
// seal_keys.
type sealingKey struct {
	id  int64
	key []byte
}

// identityJSON is a complainant as sealed.
type identityJSON struct {
	Name     string `json:"n,omitempty"`
	Phone    string `json:"p,omitempty"`
	IDNumber string `json:"i,omitempty"`
	Address  string `json:"a,omitempty"`
	Unit     string `json:"u,omitempty"`
}

// normalizeComplainant is the identity as stored: trimmed, the ID number
// in capitals. An anonymous complainant may still have left a number to
// call back.
func normalizeComplainant(p data.Complainant) data.Complainant {
	return data.Complainant{Anonymous: p.Anonymous, Name: strings.TrimSpace(p.Name), Phone: strings.TrimSpace(p.Phone),
		IDNumber: strings.ToUpper(strings.TrimSpace(p.IDNumber)), Address: strings.TrimSpace(p.Address), Unit: strings.TrimSpace(p.Unit)}
}

func identityEmpty(p data.Complainant) bool {
	return p.Name == "" && p.Phone == "" && p.IDNumber == "" && p.Address == "" && p.Unit == ""
}

// identityAD binds a sealed identity to its complaint and key, so that it
// cannot be moved to another complaint.
func identityAD(complaintID string, keyID int64) []byte {
	return binary.BigEndian.AppendUint64([]byte("complaint\x00"+complaintID+"\x00"), uint64(keyID))
}

// ledgerPublicKey is the key identities are sealed to; a ledger without it
// has no first administrator yet.
func (t *tx) ledgerPublicKey() ([]byte, error) {
	var pub []byte
	err := t.queryRow("SELECT public_key FROM ledger_keys WHERE id = 1").Scan(&pub)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, data.ErrUnsealedLedger
	}
	if err != nil {
		return nil, fmt.Errorf("store: ledger key: %w", err)
	}
	return pub, nil
}

// sealer is the session's key for encrypting identities, made and stored
// (sealed to the ledger's public key) on its first use; if the transaction
// does not commit, the session forgets it again.
func (t *tx) sealer() (*sealingKey, error) {
	s := t.sess
	t.db.mu.RLock()
	k := s.sealer
	t.db.mu.RUnlock()
	if k != nil {
		return k, nil
	}
	pub, err := t.ledgerPublicKey()
	if err != nil {
		return nil, err
	}
	key, err := seal.RandomKey(t.db.suite)
	if err != nil {
		return nil, err
	}
	sealed, err := t.db.suite.Seal(pub, key)
	if err != nil {
		return nil, err
	}
	k = &sealingKey{key: key}
	if err := t.queryRow("INSERT INTO seal_keys (sealed, created_at) VALUES (?, ?) RETURNING id", sealed, formatTime(t.now)).Scan(&k.id); err != nil {
		return nil, fmt.Errorf("store: sealing key: %w", err)
	}
	t.db.mu.Lock()
	s.sealer = k
	t.db.mu.Unlock()
	t.undo = append(t.undo, func() {
		t.db.mu.Lock()
		s.sealer = nil
		t.db.mu.Unlock()
	})
	return k, nil
}

// sealIdentity encrypts a complainant for complaint complaintID.
func (t *tx) sealIdentity(complaintID string, p data.Complainant) ([]byte, error) {
	k, err := t.sealer()
	if err != nil {
		return nil, err
	}
	msg, err := json.Marshal(identityJSON{p.Name, p.Phone, p.IDNumber, p.Address, p.Unit})
	if err != nil {
		return nil, fmt.Errorf("store: seal identity: %w", err)
	}
	box, err := seal.Encrypt(t.db.suite, k.key, msg, identityAD(complaintID, k.id))
	if err != nil {
		return nil, err
	}
	head := binary.BigEndian.AppendUint64([]byte{sealedVersion}, uint64(k.id))
	return append(head, box...), nil
}

// openIdentity opens a sealed identity with the session's data key.
func (db *DB) openIdentity(ctx context.Context, q querier, s *session, complaintID string, sealed []byte) (data.Complainant, error) {
	if len(sealed) == 0 {
		return data.Complainant{}, nil
	}
	db.mu.RLock()
	dataKey := s.dataKey
	db.mu.RUnlock()
	if dataKey == nil {
		return data.Complainant{}, data.ErrNoIdentityKey
	}
	if len(sealed) < 9 || sealed[0] != sealedVersion {
		return data.Complainant{}, fmt.Errorf("store: sealed identity of %s: unknown format", complaintID)
	}
	keyID := int64(binary.BigEndian.Uint64(sealed[1:9]))
	key, err := db.identityKey(ctx, q, s, keyID)
	if err != nil {
		return data.Complainant{}, err
	}
	msg, err := seal.Decrypt(db.suite, key, sealed[9:], identityAD(complaintID, keyID))
	if err != nil {
		return data.Complainant{}, fmt.Errorf("store: sealed identity of %s: %w", complaintID, err)
	}
	var j identityJSON
	if err := json.Unmarshal(msg, &j); err != nil {
		return data.Complainant{}, fmt.Errorf("store: sealed identity of %s: %w", complaintID, err)
	}
	return data.Complainant{Name: j.Name, Phone: j.Phone, IDNumber: j.IDNumber, Address: j.Address, Unit: j.Unit}, nil
}

// identityKey opens (once a session) the identity key keyID.
func (db *DB) identityKey(ctx context.Context, q querier, s *session, keyID int64) ([]byte, error) {
	db.mu.RLock()
	key, ok := s.opened[keyID]
	db.mu.RUnlock()
	if ok {
		return key, nil
	}
	var sealed []byte
	if err := q.QueryRowContext(ctx, "SELECT sealed FROM seal_keys WHERE id = ?", keyID).Scan(&sealed); err != nil {
		return nil, fmt.Errorf("store: identity key %d: %w", keyID, err)
	}
	key, err := db.suite.Open(s.dataKey, sealed)
	if err != nil {
		return nil, fmt.Errorf("store: identity key %d: %w", keyID, err)
	}
	db.mu.Lock()
	s.opened[keyID] = key
	db.mu.Unlock()
	return key, nil
}

// identityMasks say how the sealed identity shows in audit rows: not at
// all (the masks beside it show what changed).
var identityMasks = masks{"complainant_sealed": func(string) string { return "（已加密）" }}

// sealComplainant is the identity columns of complaint c as stored: the
// masks and the sealed identity. It writes the complaint's search hashes
// first (a complaint's insert trigger reads them), or marks them due when the
// session cannot compute them.
func (t *tx) sealComplainant(c *data.Complaint) ([]field, error) {
	p := normalizeComplainant(c.Complainant)
	m := p.Masked()
	fields := []field{{"complainant_name_mask", m.Name}, {"complainant_phone_mask", m.Phone},
		{"complainant_id_number_mask", m.IDNumber}, {"complainant_address_mask", m.Address}, {"complainant_unit_mask", m.Unit}}
	if identityEmpty(p) {
		return append(fields, field{"complainant_sealed", nil}), t.setTerms(c.ID, &identityTerms{})
	}
	sealed, err := t.sealIdentity(c.ID, p)
	if err != nil {
		return nil, err
	}
	var terms *identityTerms
	t.db.mu.RLock()
	key := t.sess.searchKey
	t.db.mu.RUnlock()
	if key != nil {
		terms = termsOf(t.db.suite, key, p)
	}
	return append(fields, field{"complainant_sealed", sealed}), t.setTerms(c.ID, terms)
}

// editedComplainant is the identity an edit of complaint cur (as loaded,
// masked) leaves; changed is false when the form sent the identity back as
// shown. A field sent back as its mask keeps the stored value, read from
// the sealed identity with the session's data key.
func (t *tx) editedComplainant(c, cur *data.Complaint) (edited data.Complainant, changed bool, err error) {
	given, shown := normalizeComplainant(c.Complainant), cur.Complainant
	if given == shown {
		return data.Complainant{}, false, nil
	}
	var sealed []byte
	if err := t.queryRow("SELECT complainant_sealed FROM complaints WHERE id = ?", cur.ID).Scan(&sealed); err != nil {
		return data.Complainant{}, false, fmt.Errorf("store: complainant of %s: %w", cur.Number, err)
	}
	var stored data.Complainant
	if sealed != nil {
		if stored, err = t.db.openIdentity(t.ctx, t.Tx, t.sess, cur.ID, sealed); errors.Is(err, data.ErrNoIdentityKey) {
			return data.Complainant{}, false, data.ErrIdentityNeedsReveal
		} else if err != nil {
			return data.Complainant{}, false, err
		}
	}
	keep := func(typed *string, mask, value string) {
		if mask != "" && *typed == mask {
			*typed = value
		}
	}
	keep(&given.Name, shown.Name, stored.Name)
	keep(&given.Phone, shown.Phone, stored.Phone)
	keep(&given.IDNumber, shown.IDNumber, stored.IDNumber)
	keep(&given.Address, shown.Address, stored.Address)
	keep(&given.Unit, shown.Unit, stored.Unit)
	stored.Anonymous = shown.Anonymous
	if given == stored {
		return data.Complainant{}, false, nil
	}
	return given, true, nil
}

// sealEdited adds to fields the identity columns of c with identity p.
func (t *tx) sealEdited(c *data.Complaint, p data.Complainant, fields []field) ([]field, error) {
	c.Complainant = p
	identity, err := t.sealComplainant(c)
	if err != nil {
		return nil, err
	}
	c.Complainant = normalizeComplainant(p).Masked()
	return append(fields, identity...), nil
}

// identityTerms are a complainant's search hashes: those two characters
// long for the bigram index, the others for the trigram index.
type identityTerms struct{ bigrams, longer []string }

// setTerms writes a complaint's search hashes; nil marks them due.
func (t *tx) setTerms(complaintID string, terms *identityTerms) error {
	var bigrams, longer any
	if terms != nil {
		bigrams, longer = strings.Join(terms.bigrams, " "), strings.Join(terms.longer, " ")
	}
	if _, err := t.exec(`INSERT INTO complaint_identity_terms (complaint_id, bigrams, longer) VALUES (?, ?, ?)
		ON CONFLICT (complaint_id) DO UPDATE SET bigrams = excluded.bigrams, longer = excluded.longer`, complaintID, bigrams, longer); err != nil {
		return fmt.Errorf("store: identity terms: %w", err)
	}
	return nil
}

// searchKey is the key of the search hashes, derived from the data key.
func searchKey(s seal.Suite, dataKey []byte) []byte {
	return seal.Keyed(s, dataKey, []byte("xiaoneng identity search v1"))
}

// searchToken is the index term of a hashed value: k and 16 hexadecimal
// digits, which no n-gram term can be (those are hexadecimal digits and x).
func searchToken(s seal.Suite, key []byte, kind, value string) string {
	return "k" + hex.EncodeToString(seal.Keyed(s, key, []byte(kind+"\x00"+value))[:8])
}

// searchName is a name as searched: folded, without spaces.
func searchName(s string) []rune {
	var r []rune
	for _, c := range foldString(s) {
		if !unicode.IsSpace(c) {
			r = append(r, c)
		}
	}
	return r
}

// digitsOf is a phone number's digits.
func digitsOf(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// termsOf are the search hashes of a complainant: each two characters of
// the name; the whole name of three characters or more and, of a longer
// one, each three; the phone's digits and their last four; the ID number.
// A search asks for the same hashes of what is typed (queryTokens).
func termsOf(s seal.Suite, key []byte, p data.Complainant) *identityTerms {
	t := &identityTerms{}
	seen := map[string]bool{}
	add := func(list *[]string, kind, value string) {
		tok := searchToken(s, key, kind, value)
		if !seen[tok] {
			seen[tok] = true
			*list = append(*list, tok)
		}
	}
	name := searchName(p.Name)
	for i := 0; i+2 <= len(name); i++ {
		add(&t.bigrams, "n2", string(name[i:i+2]))
	}
	if len(name) >= 3 {
		add(&t.longer, "n", string(name))
	}
	if len(name) >= 4 {
		for i := 0; i+3 <= len(name); i++ {
			add(&t.longer, "n3", string(name[i:i+3]))
		}
	}
	if d := digitsOf(p.Phone); len(d) >= 4 {
		add(&t.longer, "p", d)
		add(&t.longer, "p4", d[len(d)-4:])
	}
	if id := strings.ToUpper(strings.TrimSpace(p.IDNumber)); id != "" {
		add(&t.longer, "i", id)
	}
	return t
}

// queryTokens are the search hashes a typed term (folded) may match: as a
// name or a part of one, as a phone number or its last four digits, as an
// ID number. None for a single character.
func queryTokens(s seal.Suite, key []byte, term string) []string {
	var out []string
	n := utf8.RuneCountInString(term)
	switch {
	case n == 2:
		out = append(out, searchToken(s, key, "n2", term))
	case n >= 3:
		out = append(out, searchToken(s, key, "n", term))
		if n == 3 {
			out = append(out, searchToken(s, key, "n3", term))
		}
		if d := digitsOf(term); d == term {
			out = append(out, searchToken(s, key, "p", d))
			if n == 4 {
				out = append(out, searchToken(s, key, "p4", d))
			}
		}
		if n == 15 || n == 18 {
			out = append(out, searchToken(s, key, "i", strings.ToUpper(term)))
		}
	}
	return out
}

// writePendingTerms computes the search hashes of the complaints sealed by
// sessions that could not: a key holder's sign-in does it.
func (t *tx) writePendingTerms() error {
	type pending struct {
		id     string
		sealed []byte
	}
	var list []pending
	if err := eachRow(t.ctx, t.Tx, "pending terms", `SELECT p.complaint_id, c.complainant_sealed FROM complaint_identity_terms p
		JOIN complaints c ON c.id = p.complaint_id WHERE p.bigrams IS NULL`, nil, func(row rowScanner) error {
		var p pending
		if err := row.Scan(&p.id, &p.sealed); err != nil {
			return err
		}
		list = append(list, p)
		return nil
	}); err != nil {
		return err
	}
	for _, p := range list {
		id, err := t.db.openIdentity(t.ctx, t.Tx, t.sess, p.id, p.sealed)
		if err != nil {
			return err
		}
		if err := t.setTerms(p.id, termsOf(t.db.suite, t.sess.searchKey, id)); err != nil {
			return err
		}
	}
	return nil
}

// sealLegacy seals the identities written before this version (migration
// 6 kept them in legacy_identities) with the new key pair, writes their
// search hashes (which drops the plain names from the search indexes),
// empties the table and merges the indexes' segments, so that no plain
// text is left but in free pages, which CreateFirstAdmin then vacuums.
func (t *tx) sealLegacy(public, private []byte) (int, error) {
	list, err := t.legacyIdentities()
	if err != nil {
		return 0, err
	}
	if len(list) == 0 {
		return 0, nil
	}
	key := searchKey(t.db.suite, private)
	for _, c := range list {
		p := normalizeComplainant(c.Complainant)
		sealed, err := t.sealIdentity(c.ID, p)
		if err != nil {
			return 0, err
		}
		if _, err := t.exec("UPDATE complaints SET complainant_sealed = ? WHERE id = ?", sealed, c.ID); err != nil {
			return 0, fmt.Errorf("store: seal identities: %w", err)
		}
		if err := t.setTerms(c.ID, termsOf(t.db.suite, key, p)); err != nil {
			return 0, err
		}
	}
	stmts := []string{
		"DELETE FROM legacy_identities",
		"INSERT INTO meta (key, value) VALUES ('scrub_pending', '1') ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	}
	if !t.db.dialect.postgres { // the server's indexes are tables, which the scrub rewrites
		stmts = append(stmts, "INSERT INTO complaint_bigrams (complaint_bigrams) VALUES ('optimize')",
			"INSERT INTO complaint_trigrams (complaint_trigrams) VALUES ('optimize')")
	}
	for _, q := range stmts {
		if _, err := t.ExecContext(t.ctx, q); err != nil {
			return 0, fmt.Errorf("store: seal identities: %w", err)
		}
	}
	return len(list), t.audit("complaints", "", data.AuditUpdate, nil, map[string]any{"投诉人身份加密": len(list)})
}

// RevealComplainant returns the complainant's identity and writes an audit
// row saying who revealed it and when: the only way a screen shows it.
func (db *DB) RevealComplainant(ctx context.Context, id string) (data.Complainant, error) {
	return db.revealOne(ctx, id, data.AuditReveal, nil)
}

// PrintIdentity returns the complainant's identity for an output that
// prints it (a 交办单 with the identity), with an audit row of the print
// and what it was for.
func (db *DB) PrintIdentity(ctx context.Context, complaintID, purpose string) (data.Complainant, error) {
	purpose = strings.TrimSpace(purpose)
	if purpose == "" {
		return data.Complainant{}, data.Invalid("Purpose", "请写明包含投诉人信息的用途")
	}
	return db.revealOne(ctx, complaintID, data.AuditPrint, map[string]any{"purpose": purpose, "投诉人身份": "包含"})
}

func (db *DB) revealOne(ctx context.Context, id string, action data.AuditAction, after map[string]any) (data.Complainant, error) {
	var p data.Complainant
	err := db.write(ctx, data.PermReveal, func(t *tx) error {
		var err error
		if p, err = t.complainant(id, "AND deleted_at IS NULL"); err != nil {
			return err
		}
		return t.audit("complaints", id, action, nil, after)
	})
	if err != nil {
		return data.Complainant{}, err
	}
	return p, nil
}

// complainant is the identity of complaint id opened with the session's data
// key, among the complaints that also match and (an SQL condition).
func (t *tx) complainant(id, and string) (data.Complainant, error) {
	var anonymous bool
	var sealed []byte
	err := t.queryRow("SELECT anonymous, complainant_sealed FROM complaints WHERE id = ? "+and, id).Scan(&anonymous, &sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return data.Complainant{}, fmt.Errorf("store: complaint %s: %w", id, data.ErrNotFound)
	}
	if err != nil {
		return data.Complainant{}, fmt.Errorf("store: complainant: %w", err)
	}
	p, err := t.db.openIdentity(t.ctx, t.Tx, t.sess, id, sealed)
	if err != nil {
		return data.Complainant{}, err
	}
	p.Anonymous = anonymous
	return p, nil
}

// ExportIdentities returns the identities of the complaints ids for an export
// that includes them, writing an audit row for each complaint (what names the
// export in after). It needs both the export and the reveal permission.
func (db *DB) ExportIdentities(ctx context.Context, ids []string, what string) (map[string]data.Complainant, error) {
	if _, err := db.allow(data.PermExport); err != nil {
		return nil, err
	}
	out := make(map[string]data.Complainant, len(ids))
	err := db.write(ctx, data.PermReveal, func(t *tx) error {
		t.bulk()
		for _, id := range ids {
			p, err := t.complainant(id, "")
			if err != nil {
				return err
			}
			out[id] = p
			if err := t.audit("complaints", id, data.AuditExport, nil, map[string]any{"export": what, "投诉人身份": "包含"}); err != nil {
				return err
			}
		}
		return t.flushAudit()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// AuditExport is what LogExport calls an export of the audit log itself.
const AuditExport = "audit"

// LogExport writes the audit row of an export, before it is written: what
// is exported and whether it includes identities (each identity exported
// has its own row, which ExportIdentities writes). A user who may not
// export, nor reveal identities when they are included, nor read the audit
// log when it is what is exported, is refused before anything is written.
func (db *DB) LogExport(ctx context.Context, what string, withIdentity bool) error {
	var also []data.Permission
	if withIdentity {
		also = append(also, data.PermReveal)
	}
	if what == AuditExport {
		also = append(also, data.PermAudit)
	}
	if _, err := db.allow(data.PermExport); err != nil {
		return err
	}
	for _, p := range also {
		if _, err := db.allow(p); err != nil {
			return err
		}
	}
	if db.readOnly {
		// Nothing can be recorded: a read-only ledger exports what anyone
		// who can read its file could read, never identities.
		if withIdentity {
			return db.readOnlyErr
		}
		return nil
	}
	return db.write(ctx, data.PermExport, func(t *tx) error {
		return t.audit("", "", data.AuditExport, nil, map[string]any{"export": what, "投诉人身份": identityWord(withIdentity)})
	})
}

// LogPrint writes the audit row of a printed or saved document.
func (db *DB) LogPrint(ctx context.Context, table, id, what string) error {
	return db.write(ctx, data.PermRead, func(t *tx) error {
		return t.audit(table, id, data.AuditPrint, nil, map[string]any{"output": what})
	})
}

func identityWord(with bool) string {
	if with {
		return "包含"
	}
	return "不含"
}
