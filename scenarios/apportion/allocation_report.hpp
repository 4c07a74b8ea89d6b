#pragma once
// `beibu allocate`'s stages between the command line and the files: the programme of
// one constituent of a source-receptor matrix under a standard, and the report of its
// answer (allocation.md, allocation.csv, receptors.csv, infeasible.csv).
#include <string>
#include <vector>

#include "scenarios/apportion/allocation.hpp"
#include "scenarios/apportion/apportion.hpp"
#include "scenarios/compliance/standards.hpp"

namespace beibu {

// A group's weight of a unit cut, as given on the command line (`text`: GROUP=WEIGHT).
struct CostWeight {
  std::string group, text;
  double weight = 1;
};

// What is asked of the matrix.
struct AllocationRequest {
  std::string matrix;    // its path, for messages and the report
  std::string standard;  // the standard's file (data/standards/*.yaml)
  std::string constituent = "DIN";
  std::string fairness = "max-total";  // as parse_fairness reads it
  std::string target_from = "zones";   // zones, stations or zones+stations
  double margin = 0.1;                 // fraction of the limit
  double allow_increase = 0;           // percent above today's load
  std::vector<CostWeight> cost;        // default 1 for every group
  bool exact = false;                  // GLPK's rational-arithmetic simplex
};

// The programme, for each of its receptors the matrix receptor it is, and the standard.
struct MatrixProgramme {
  AllocationProblem problem;
  std::vector<std::size_t> rows;
  Standard standard;
};

// The programme for `a.constituent`: the receptors of `a.target_from` whose target
// class has a limit in the standard, today's loads as ceilings (raised by allow_increase), the
// matrix's floors. InputError naming the matrix or the standard for a constituent
// either lacks, a lower limit, a target class the standard does not have, no receptor
// with a target, or a cost for a group the matrix does not have.
MatrixProgramme allocation_programme(const SourceReceptorMatrix& M, const AllocationRequest& a);

// Writes the answer into `out` (an existing directory): receptors.csv, and
// allocation.csv (feasible) or infeasible.csv, and allocation.md with the certificate.
void write_allocation_report(const std::string& out, const SourceReceptorMatrix& M, const AllocationRequest& a,
                             const MatrixProgramme& mp, const AllocationResult& res);

}  // namespace beibu
