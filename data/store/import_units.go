package store

import (
	"context"
	"fmt"
	"strings"

	"xiaoneng/data"
)

// The import of units from the office's Excel 台账.

// ImportUnits adds the units not yet in the registry, in one transaction:
// a unit whose name an active unit already has (or, for a unit listed as
// 已撤并, any unit) is left as it is, so importing the same list again
// adds nothing. A unit's parent is named by
// ParentName: an active unit of the registry or one of the list (in any
// order). If any unit has a problem, nothing is written and every problem
// is in the result.
func (db *DB) ImportUnits(ctx context.Context, units []*data.Unit, opt ImportOptions) (ImportResult, error) {
	r := newImportRun(len(units), opt)
	err := db.bulkWrite(ctx, data.PermRegistry, func(t *tx) error {
		active, err := t.unitsByName(true)
		if err != nil {
			return err
		}
		named, err := t.unitsByName(false)
		if err != nil {
			return err
		}
		seen := map[string]int{} // new names → index
		var pending []int
		for i, u := range units {
			u.Name = strings.TrimSpace(u.Name)
			u.ParentName = strings.TrimSpace(u.ParentName)
			u.MergedIntoName = strings.TrimSpace(u.MergedIntoName)
			if u.Status == "" {
				u.Status = data.UnitActive
			}
			if err := u.Validate(); err != nil {
				r.refuse(i, err)
				continue
			}
			id, ok := active[u.Name]
			if !ok && u.Status == data.UnitRetired {
				id, ok = named[u.Name]
			}
			if ok {
				u.ID = id
				r.res.Outcomes[i] = ImportExisting
				r.res.Existing++
				continue
			}
			if j, ok := seen[u.Name]; ok {
				r.refuse(i, &data.ConflictError{Field: "Name", Message: fmt.Sprintf("单位名称“%s”与第%d行重复", u.Name, r.row(j))})
				continue
			}
			if u.ParentName == u.Name {
				r.refuse(i, data.Invalid("ParentID", "上级单位不能是本单位"))
				continue
			}
			if u.MergedIntoName != "" && (u.Status != data.UnitRetired || u.MergedIntoName == u.Name) {
				r.refuse(i, data.Invalid("MergedIntoID", fmt.Sprintf("只有已撤并的单位才能填写并入单位，且不能并入本单位（“%s”）", u.MergedIntoName)))
				continue
			}
			seen[u.Name] = i
			pending = append(pending, i)
		}
		// Parents first, and the units merged into before those merged:
		// each pass adds the units whose parent and successor are known.
		for len(pending) > 0 {
			var later []int
			for _, i := range pending {
				u := units[i]
				if u.ParentName != "" && u.ParentID == "" {
					id, ok := active[u.ParentName]
					if !ok {
						if _, coming := seen[u.ParentName]; coming {
							later = append(later, i)
							continue
						}
						r.refuse(i, data.Invalid("ParentID", fmt.Sprintf("上级单位“%s”不在单位名录中，也不在本表中", u.ParentName)))
						continue
					}
					u.ParentID = id
				}
				if u.MergedIntoName != "" && u.MergedIntoID == "" {
					id, ok := active[u.MergedIntoName]
					if !ok {
						id, ok = named[u.MergedIntoName]
					}
					if !ok {
						if _, coming := seen[u.MergedIntoName]; coming {
							later = append(later, i)
							continue
						}
						r.refuse(i, data.Invalid("MergedIntoID", fmt.Sprintf("并入单位“%s”不在单位名录中，也不在本表中", u.MergedIntoName)))
						continue
					}
					u.MergedIntoID = id
				}
				if u.ParentID != "" && !strings.HasPrefix(u.ParentID, dryID) {
					if err := t.checkUnit(u.ParentID, "ParentID", "上级单位", false); err != nil {
						r.refuse(i, err)
						continue
					}
				}
				r.res.Added++
				if opt.DryRun {
					// what the unit's children need to know: it will be there
					active[u.Name], named[u.Name] = dryID+u.Name, dryID+u.Name
					u.MergedIntoID = ""
					continue
				}
				u.ID = ""
				if err := t.insert("units", &u.Record, unitFields(u)); err != nil {
					return err
				}
				active[u.Name], named[u.Name] = u.ID, u.ID
			}
			if len(later) == len(pending) {
				// what is left names parents that are themselves waiting, or were refused
				for _, i := range later {
					u := units[i]
					if j, ok := seen[u.ParentName]; ok && u.ParentID == "" {
						r.refuse(i, data.Invalid("ParentID", fmt.Sprintf("上级单位“%s”不能导入（见第%d行），或上下级关系成环", u.ParentName, r.row(j))))
					} else {
						r.refuse(i, data.Invalid("MergedIntoID", fmt.Sprintf("并入单位“%s”不能导入（见第%d行），或并入关系成环", u.MergedIntoName, r.row(seen[u.MergedIntoName]))))
					}
				}
				break
			}
			pending = later
		}
		return r.finish(t, "units", func(i int) string { return units[i].ID }, nil)
	})
	return r.end(err)
}

// unitsByName maps unit names, and the short names no other unit uses as
// its name, to ids: active units only, or every live unit with active ones
// taking precedence (a complaint of past years may name a unit since merged).
func (t *tx) unitsByName(activeOnly bool) (map[string]string, error) {
	q := "SELECT id, name, short_name, status = '在用' FROM units WHERE deleted_at IS NULL"
	if activeOnly {
		q += " AND status = '在用'"
	}
	rows, err := t.QueryContext(t.ctx, q+" ORDER BY status = '在用', created_at")
	if err != nil {
		return nil, fmt.Errorf("store: units by name: %w", err)
	}
	defer rows.Close()
	names, short := map[string]string{}, map[string]string{}
	for rows.Next() {
		var id, name, shortName string
		var active bool
		if err := rows.Scan(&id, &name, &shortName, &active); err != nil {
			return nil, fmt.Errorf("store: units by name: %w", err)
		}
		// later rows (active, then newer) replace earlier ones
		names[name] = id
		if shortName != "" {
			short[shortName] = id
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: units by name: %w", err)
	}
	if activeOnly {
		return names, nil
	}
	for s, id := range short {
		if _, taken := names[s]; !taken {
			names[s] = id
		}
	}
	return names, nil
}
