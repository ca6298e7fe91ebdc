// Package seed holds the plans plantrack starts with, as data files loaded
// through the same validation as any other input: the science-and-technology
// part of Chengdu's 14th Five-Year Plan with public figures and their
// sources (data/chengdu-14-st.json), and generators of clearly labelled
// sample data: the demo plan and the synthetic plans of the benchmarks.
package seed
