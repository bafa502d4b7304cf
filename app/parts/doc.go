// Package parts holds the record parts several screens share: the column
// sets and alert texts of the record lists, the photo strip and file
// picker, the page preview and printing of documents, the new-document
// dialog, the visit view, the 责任追究 form, the figure tiles and charts,
// and saving a list as a workbook. Parts reach the ledger and the other
// screens through a host.Host; screens import parts, parts import no screen.
package parts
