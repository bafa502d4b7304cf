// Package gongwen lays out and prints the office's official documents to
// GB/T 9704-2012 (党政机关公文格式): 监察通知书, 监察建议书, 效能告诫通知书,
// 通报, 转办函, 交办单, 催办通知单 and the 送达回证.
//
// Layout turns a Doc into Pages: every run of text and every rule placed in
// millimetres. The PDF (RenderPDF, RenderBatch) and the on-screen preview
// both draw from Pages, so the preview is the paper.
//
// Choices the standard leaves open, made here:
//
//   - 监察通知书, 监察建议书, 效能告诫通知书 and 通报 use the 文件格式 版头: the
//     red 发文机关标志 (the issuing body's name, 小标宋, at most 初号 and 150 mm
//     wide) 35 mm below the text block's top (7.2.2), the 发文字号 centred two
//     lines below it, the red rule 4 mm under the number, the title two lines
//     under the rule. 转办函 uses the 信函格式 (10.1): 标志 30 mm from the top,
//     red double lines, the number flush right, no number on the first page.
//     交办单 and 送达回证 are ruled tables in 4号仿宋; the 催办通知单 is made in
//     duplicate, 存根 and the unit's copy on the two halves of one A4.
//   - Everything after the 版头 sits on the grid of 22 lines × 28 characters
//     (line pitch 225/22 mm, character pitch 156/28 mm). Justified lines fill
//     the 156 mm exactly; a paragraph's last line keeps the grid's pitch.
//   - Line breaking: see breaker.go. A punctuation mark that may not start a
//     line is pulled back and the line compressed (29 characters in 28
//     places); otherwise characters are pushed to the next line (27).
//   - The seal is stamped by hand, so the page leaves its place blank: the 署名
//     and date come two lines below the text so that a 42 mm seal centred on
//     them, a little above their middle, starts within a line of the text.
//     Pages carries the seal's circle as a Guide shape that only the preview
//     draws. The 署名 block never starts a page without a line of the body.
//   - Page numbers "— 1 —" in 4号宋体: the top of the 一字线 7 mm below the text
//     block, odd pages one character in from the right, even pages from the
//     left.
//   - Fonts: ResolveFonts takes the office's font folder first, then the
//     Windows fonts (simfang, simhei, simkai, simsun.ttc, 方正小标宋), then
//     free fonts as stand-ins (文鼎简报宋 for 仿宋 and 小标宋 — printed with a
//     stroke to come nearer 小标宋's weight —, 文泉驿微米黑 for 黑体, 文鼎简中楷
//     for 楷体). A character the font lacks, or one beyond U+FFFF, is listed
//     in Pages.Missing with where it is, and RenderPDF refuses to print it.
//   - The PDF embeds a subset of each face, names it with a subset tag, and
//     takes its dates from the document's date: the same document always
//     gives the same bytes.
package gongwen
