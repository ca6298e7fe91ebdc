// Package sheet reads and writes the CSV and XLSX files people exchange with
// plantrack: it detects a CSV's encoding (UTF-8 with or without a BOM,
// UTF-16 with a BOM, GB18030/GBK as Excel on Chinese Windows writes it) and
// delimiter, streams rows one at a time so that files of any size are read
// in constant memory, and writes spreadsheets that open cleanly in Excel
// (BOM, CRLF, no cell a spreadsheet would run as a formula). It knows
// nothing of plans: rows are cells, and meaning is the indicators package's.
package sheet
