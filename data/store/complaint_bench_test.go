package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"xiaoneng/data"
)

// benchToday is the clock of the benchmark ledgers: the generated complaints
// run from 2025-01-01 up to the day before.
var benchToday = time.Date(2026, 11, 21, 10, 0, 0, 0, data.Zone)

// benchLedgers caches the generated ledgers of this process by size: a
// million complaints take a while to write, and every sub-benchmark reads the
// same ledger. BenchmarkComplaintLedger removes them when it ends.
var benchLedgers = struct {
	sync.Mutex
	dir   string
	paths map[int]string
}{paths: map[int]string{}}

func benchLedger(b *testing.B, n int) string {
	b.Helper()
	benchLedgers.Lock()
	defer benchLedgers.Unlock()
	if p, ok := benchLedgers.paths[n]; ok {
		return p
	}
	if benchLedgers.dir == "" {
		dir, err := os.MkdirTemp("", "xiaoneng-bench-")
		if err != nil {
			b.Fatal(err)
		}
		benchLedgers.dir = dir
	}
	path := filepath.Join(benchLedgers.dir, fmt.Sprintf("complaints-%d.db", n))
	start := time.Now()
	// Written at the schema before identities were sealed, and upgraded as
	// an office's ledger is: its first administrator seals them.
	ctx := context.Background()
	old, err := open(ctx, path, Options{Device: "bench", Create: true}, sealMigration-1)
	if err != nil {
		b.Fatal(err)
	}
	if err := bulkComplaints(ctx, old, n, 200); err != nil {
		b.Fatal(err)
	}
	if err := old.Close(); err != nil {
		b.Fatal(err)
	}
	b.Logf("generated %d complaints in %v", n, time.Since(start).Round(time.Millisecond))
	start = time.Now()
	db := openTestDB(b, path, false)
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	b.Logf("upgraded, sealed and vacuumed in %v", time.Since(start).Round(time.Millisecond))
	benchLedgers.paths[n] = path
	return path
}

func removeBenchLedgers() {
	benchLedgers.Lock()
	defer benchLedgers.Unlock()
	if benchLedgers.dir != "" {
		os.RemoveAll(benchLedgers.dir) //nolint:errcheck // a temporary directory; nothing to do on failure
	}
	benchLedgers.dir, benchLedgers.paths = "", map[int]string{}
}

// Plausible parts for generated complaints.
var (
	benchSurnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余于杜叶程")
	benchGiven    = []rune("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华建国志红玉兰文斌辉鹏飞宇浩")
	benchTowns    = []string{"城关镇", "东城街道", "西城街道", "南山镇", "北河镇", "青石镇", "白沙镇", "龙湖乡", "高桥镇", "马塘乡", "石门镇", "双溪乡"}
	benchDepts    = []string{"县公安局", "县人力资源和社会保障局", "县自然资源局", "县住房和城乡建设局", "县市场监督管理局", "县卫生健康局",
		"县教育局", "县民政局", "县交通运输局", "县农业农村局", "县税务局", "县医疗保障局", "县城市管理局", "县生态环境局", "县水利局",
		"县财政局", "县司法局", "县商务局", "县文化和旅游局", "县应急管理局"}
	benchUtilities = []string{"县供电公司", "县自来水公司", "县燃气公司", "县公交公司", "县移动分公司", "县电信分公司"}
	benchSubjects  = []struct {
		cat     data.Category
		subject string
		content string
	}{
		{"事难办", "办理业务多次往返仍未办结", "反映到%s办理业务，工作人员未一次性告知所需材料，先后往返三次仍未办结，耽误了生产经营。"},
		{"脸难看", "窗口工作人员态度生硬", "反映%s窗口工作人员态度生硬，对群众询问不耐烦，甚至出言顶撞。"},
		{"门难进", "办事大厅午休时间无人值守", "反映%s办事大厅中午无人值守，群众排队等候一个多小时。"},
		{"乱收费", "收取未公示的服务费用", "反映%s在办理过程中收取未公示的资料费，且未出具正规票据。"},
		{"不作为", "举报问题长期无人处理", "反映向%s多次举报占道经营问题，至今无人处理，也无任何答复。"},
		{"慢作为", "审批超过承诺时限", "反映%s办理审批超过承诺时限二十个工作日，仍称在走流程。"},
		{"推诿扯皮/办事拖拉", "部门之间相互推诿", "反映%s与相关部门互相推诿，称不归本单位管，让群众来回跑。"},
		{"脱岗/纪律作风", "上班时间窗口无人", "反映%s工作时间窗口人员脱岗，电话无人接听。"},
		{"执法不规范", "执法人员未出示证件", "反映%s执法人员检查时未出示执法证件，也未告知检查依据。"},
		{"吃拿卡要报", "办事人员暗示好处费", "反映%s个别人员在审批中暗示需要“意思一下”才能加快办理。"},
		{"乱检查", "同一事项反复检查", "反映%s一个月内对同一企业同一事项检查三次，影响正常经营。"},
		{"话难听", "工作人员言语粗鲁", "反映%s工作人员接听咨询电话时言语粗鲁，随意挂断。"},
	}
)

type benchStatus struct {
	status data.ComplaintStatus
	weight int
}

// Older complaints are mostly finished; recent ones are spread over the
// workflow.
var (
	benchOld = []benchStatus{{data.StatusArchived, 58}, {data.StatusClosed, 26}, {data.StatusRejected, 5}, {data.StatusTransferred, 5},
		{data.StatusMerged, 3}, {data.StatusHandling, 2}, {data.StatusFollowUp, 1}}
	benchRecent = []benchStatus{{data.StatusPending, 10}, {data.StatusAccepted, 5}, {data.StatusHandling, 35}, {data.StatusVerifying, 10},
		{data.StatusReplying, 8}, {data.StatusFollowUp, 8}, {data.StatusClosed, 14}, {data.StatusRejected, 4},
		{data.StatusTransferred, 3}, {data.StatusMerged, 3}}
)

func pickStatus(r *rand.Rand, table []benchStatus) data.ComplaintStatus {
	total := 0
	for _, s := range table {
		total += s.weight
	}
	n := r.IntN(total)
	for _, s := range table {
		if n < s.weight {
			return s.status
		}
		n -= s.weight
	}
	return table[0].status
}

// bulkComplaints writes units units and n complaints received over 2025–2026,
// in every state and channel, straight into the tables in one transaction
// (no events or audit rows: the benchmarks read complaints only). The same n
// gives the same ledger.
func bulkComplaints(ctx context.Context, db *DB, n, units int) error {
	r := rand.New(rand.NewPCG(uint64(n), 2026))
	cal := data.NewCalendar()
	settings := data.DefaultSettings()
	now := formatTime(benchToday)

	conn, err := db.writer.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// A gigabyte of page cache keeps the random primary keys in memory, and
	// a fixture needs no journal: writing a million complaints through the WAL
	// would write them twice.
	if err := benchPragmas(ctx, conn, "OFF", "OFF", -1_000_000); err != nil {
		return err
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit

	unitIDs := make([]string, units)
	unitNames := make([]string, units)
	insUnit, err := tx.PrepareContext(ctx, `INSERT INTO units (id, created_at, updated_at, updated_by, device, name, category, parent_id)
		VALUES (?, ?, ?, '基准测试', 'bench', ?, ?, ?)`)
	if err != nil {
		return err
	}
	for i := range units {
		var name string
		var cat data.UnitCategory
		var parent any
		switch {
		case i < len(benchTowns):
			name, cat = benchTowns[i]+"人民政府", data.UnitTownship
		case i < len(benchTowns)+len(benchDepts):
			name, cat = benchDepts[i-len(benchTowns)], data.UnitDepartment
		case i < len(benchTowns)+len(benchDepts)+len(benchUtilities):
			name, cat = benchUtilities[i-len(benchTowns)-len(benchDepts)], data.UnitUtility
		default:
			// Windows of the departments, monitored enterprises and agencies.
			k := i - len(benchTowns) - len(benchDepts) - len(benchUtilities)
			switch k % 3 {
			case 0:
				d := len(benchTowns) + k/3%len(benchDepts)
				name, cat, parent = fmt.Sprintf("政务服务中心%s窗口%d", strings.TrimPrefix(benchDepts[d-len(benchTowns)], "县"), k/3+1), data.UnitWindow, unitIDs[d]
			case 1:
				name, cat = fmt.Sprintf("监测点企业%03d有限公司", k/3+1), data.UnitMonitored
			default:
				name, cat = fmt.Sprintf("第%d中介服务所", k/3+1), data.UnitAgency
			}
		}
		unitIDs[i], unitNames[i] = uuid.NewString(), name
		if _, err := insUnit.ExecContext(ctx, unitIDs[i], now, now, name, string(cat), parent); err != nil {
			return fmt.Errorf("unit %s: %w", name, err)
		}
	}

	// Receipt times spread evenly over the period, in order, so that the
	// numbers of each year follow them.
	from := time.Date(2025, 1, 1, 8, 0, 0, 0, data.Zone)
	span := benchToday.Add(-24 * time.Hour).Sub(from)
	times := make([]time.Time, n)
	for i := range times {
		times[i] = from.Add(time.Duration(r.Int64N(int64(span)))).Truncate(time.Minute)
	}
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })

	ins, err := tx.PrepareContext(ctx, `INSERT INTO complaints (id, created_at, updated_at, updated_by, device,
		number, year, seq, received_at, channel, anonymous, complainant_name, complainant_phone,
		unit_id, person_name, category, subject, content, status, accept_due, accepted_at, reject_reason, transfer_to,
		handler_unit_id, assigned_at, limit_days, due_date, fed_back_at, feedback, verification, replied_at, satisfaction,
		closed_at, archived_at, merged_into_id, round)
		VALUES (?, ?, ?, '基准测试', 'bench', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	ids := make([]string, n)
	seq, year := 0, 0
	for i, received := range times {
		if received.Year() != year {
			year, seq = received.Year(), 0
		}
		seq++
		ids[i] = uuid.NewString()
		age := benchToday.Sub(received)
		status := pickStatus(r, benchRecent)
		if age > 60*24*time.Hour {
			status = pickStatus(r, benchOld)
		}
		channel := data.Channels[r.IntN(len(data.Channels))]
		unit := r.IntN(units)
		subj := benchSubjects[r.IntN(len(benchSubjects))]
		anonymous := r.IntN(10) == 0
		name, phone := "", ""
		if !anonymous {
			name = string(benchSurnames[r.IntN(len(benchSurnames))]) + string(benchGiven[r.IntN(len(benchGiven))])
			if r.IntN(2) == 0 {
				name += string(benchGiven[r.IntN(len(benchGiven))])
			}
			phone = fmt.Sprintf("1%d%09d", 3+r.IntN(7), r.IntN(1_000_000_000))
		}
		acceptDue, _ := cal.AddWorkdays(data.DateOf(received), settings.AcceptLimitDays)

		// Each step follows the last by a few hours to a few days, and none
		// lies after today.
		clock := received
		step := func(maxHours int) any {
			clock = clock.Add(time.Duration(1+r.IntN(maxHours)) * time.Hour)
			if clock.After(benchToday) {
				clock = benchToday
			}
			return formatTime(clock)
		}
		var accepted, assigned, fedBack, replied, closed, archived, handler, mergedInto, due any
		var rejectReason, transferTo, feedback, verification, satisfaction string
		limit := 0
		switch status {
		case data.StatusRejected:
			rejectReason = "不属于效能投诉受理范围，已告知投诉人向有关部门反映"
		case data.StatusTransferred:
			transferTo = "县信访局"
		case data.StatusMerged:
			if i > 0 {
				mergedInto = ids[r.IntN(i)]
			} else {
				status = data.StatusPending
			}
		}
		flow := map[data.ComplaintStatus]int{data.StatusAccepted: 1, data.StatusHandling: 2, data.StatusVerifying: 3,
			data.StatusReplying: 4, data.StatusFollowUp: 5, data.StatusClosed: 6, data.StatusArchived: 7}[status]
		if flow >= 1 {
			accepted = step(48)
		}
		if flow >= 2 {
			assigned = step(24)
			limit = data.DefaultLimitDays(settings, channel)
			d, _ := cal.AddWorkdays(data.DateOf(clock), limit)
			due = d.String()
			handler = unitIDs[r.IntN(units)]
		}
		if flow >= 3 {
			fedBack, feedback = step(24*limit+1), "经调查核实，已责令相关人员整改，并向投诉人说明情况。"
		}
		if flow >= 4 {
			step(72)
			verification = string(data.Verifications[r.IntN(len(data.Verifications))])
		}
		if flow >= 5 {
			replied = step(72)
		}
		if flow >= 6 {
			closed = step(240)
			satisfaction = string(data.Satisfied)
			if r.IntN(5) == 0 {
				satisfaction = string(data.FairlySatisfied)
			}
		}
		if flow >= 7 {
			archived = step(720)
		}
		_, err := ins.ExecContext(ctx, ids[i], now, now,
			fmt.Sprintf("TS%d-%04d", year, seq), year, seq, formatTime(received), string(channel), anonymous, name, phone,
			unitIDs[unit], "", string(subj.cat), subj.subject, fmt.Sprintf(subj.content, unitNames[unit]), string(status),
			acceptDue.String(), accepted, rejectReason, transferTo, handler, assigned, limit, due, fedBack, feedback,
			verification, replied, satisfaction, closed, archived, mergedInto, 1)
		if err != nil {
			return fmt.Errorf("complaint %d: %w", i, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "ANALYZE"); err != nil {
		return err
	}
	return benchPragmas(ctx, conn, "WAL", "FULL", -2000)
}

// benchPragmas sets the journal mode, synchronous level and page cache of
// the writer's connection.
func benchPragmas(ctx context.Context, conn *sql.Conn, journal, synchronous string, cache int) error {
	var mode string
	if err := conn.QueryRowContext(ctx, "PRAGMA journal_mode = "+journal).Scan(&mode); err != nil {
		return err
	}
	if !strings.EqualFold(mode, journal) {
		return fmt.Errorf("journal mode is %s, not %s", mode, journal)
	}
	_, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA synchronous = %s; PRAGMA cache_size = %d", synchronous, cache))
	return err
}

// BenchmarkComplaintLedger times the operations of issue 2 on generated
// ledgers of 100,000 and (with XN_BENCH_1M=1) 1,000,000 complaints. Targets:
// open < 100 ms, newest 50 of a state < 5 ms, monthly counts of a year
// < 300 ms, registering a complaint with its audit rows < 5 ms.
func BenchmarkComplaintLedger(b *testing.B) {
	sizes := []int{100_000}
	if os.Getenv("XN_BENCH_1M") == "1" {
		sizes = append(sizes, 1_000_000)
	}
	b.Cleanup(removeBenchLedgers)
	ctx := context.Background()
	for _, n := range sizes {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			path := benchLedger(b, n)
			b.Run("Open", func(b *testing.B) {
				for b.Loop() {
					db, err := Open(ctx, path, testOptions)
					if err != nil {
						b.Fatal(err)
					}
					if err := db.Close(); err != nil {
						b.Fatal(err)
					}
				}
			})
			db := openTestDB(b, path, false)
			defer db.Close()
			db.SetClock(func() time.Time { return benchToday })
			b.Run("Newest50InState", func(b *testing.B) {
				for b.Loop() {
					list, err := db.Complaints(ctx, data.ComplaintFilter{Status: data.StatusHandling, Limit: 50})
					if err != nil || len(list) != 50 {
						b.Fatalf("%d complaints, %v", len(list), err)
					}
				}
			})
			b.Run("Overdue50", func(b *testing.B) {
				for b.Loop() {
					list, err := db.Complaints(ctx, data.ComplaintFilter{Alert: data.AlertOverdue, Limit: 50})
					if err != nil || len(list) == 0 {
						b.Fatalf("%d complaints, %v", len(list), err)
					}
				}
			})
			b.Run("WorkbenchCounts", func(b *testing.B) {
				for b.Loop() {
					if _, err := db.ComplaintCounts(ctx, data.DateOf(benchToday)); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("MonthlyCounts", func(b *testing.B) {
				for b.Loop() {
					counts, err := db.ComplaintMonthlyCounts(ctx, 2026)
					if err != nil || len(counts) == 0 {
						b.Fatalf("%d counts, %v", len(counts), err)
					}
				}
			})
			unit, err := db.Units(ctx, data.UnitFilter{Category: data.UnitWindow, Limit: 1})
			if err != nil || len(unit) != 1 {
				b.Fatalf("no window unit: %v", err)
			}
			b.Run("Register", func(b *testing.B) {
				for b.Loop() {
					c := &data.Complaint{ReceivedAt: benchToday.Add(-time.Hour), Channel: data.ChannelPhone,
						Complainant: data.Complainant{Name: "赵建国", Phone: "13905918888"}, UnitID: unit[0].ID,
						Category: "事难办", Subject: "办理营业执照变更多次往返", Content: "反映办理营业执照变更登记时三次补充材料，未一次性告知。"}
					if _, err := db.RegisterComplaint(ctx, c); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
