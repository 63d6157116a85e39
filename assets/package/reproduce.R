# Recomputes summary.csv and Kendall's W (concordance.csv) of this data
# package from ratings.csv, bands.csv and consensus_rule.csv, in base R
# (no packages), and compares them with the files loopshop wrote.
#
#     Rscript reproduce.R
#
# Exits 0 when every number agrees to 1e-9, and 1 listing each differing
# cell otherwise. The rules are those of reproduce.py and the codebook;
# here the p-value of Kendall's W is checked too, with pchisq.

tolerance <- 1e-9
args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(script) == 1) dirname(normalizePath(script)) else getwd()

read <- function(name) {
  read.csv(file.path(here, name), colClasses = "character", na.strings = character(0),
           check.names = FALSE, encoding = "UTF-8")
}
number <- function(text) ifelse(text == "", NA_real_, suppressWarnings(as.numeric(text)))

band_index <- function(bands, x) {
  last <- nrow(bands)
  for (i in seq_len(last)) {
    if (x >= bands$from[i] && (x < bands$to[i] || (i == last && x <= bands$to[i]))) return(i)
  }
  NA_integer_
}

cell_stats <- function(values, dont_know, bands, rule) {
  n <- length(values)
  out <- list(n = n, dont_know = dont_know, median = NA_real_, mean = NA_real_, sd = NA_real_,
              q1 = NA_real_, q3 = NA_real_, iqr = NA_real_, level = "", agreement = NA_real_,
              consensus = "false")
  if (n == 0) return(out)
  q <- quantile(values, c(0.25, 0.5, 0.75), type = 7, names = FALSE)
  out$q1 <- q[1]; out$median <- q[2]; out$q3 <- q[3]
  out$iqr <- q[3] - q[1]
  out$mean <- mean(values)
  if (n >= 2) out$sd <- sd(values)
  level <- band_index(bands, out$median)
  if (!is.na(level)) out$level <- bands$band[level]
  counts <- integer(nrow(bands))
  for (v in values) {
    b <- band_index(bands, v)
    if (!is.na(b)) counts[b] <- counts[b] + 1L
  }
  out$agreement <- (if (length(counts)) max(counts) else 0) / n
  agreed <- n >= as.integer(rule$min_n) &&
    out$iqr <= number(rule$max_iqr) + tolerance &&
    out$agreement >= number(rule$min_agreement) - tolerance
  out$consensus <- if (agreed) "true" else "false"
  out
}

kendall <- function(cells, stages) {
  n <- length(stages)
  numeric <- cells[!is.na(cells$number), ]
  raters <- split(numeric, paste(numeric$session, numeric$participant))
  rows <- list()
  for (r in raters) {
    v <- r$number[match(stages, r$stage)]
    if (!anyNA(v)) rows[[length(rows) + 1]] <- v
  }
  m <- length(rows)
  if (m < 2 || n < 2) return(list(m = m, w = NA_real_, chi2 = NA_real_, p = NA_real_))
  ranks <- t(vapply(rows, function(v) rank(v, ties.method = "average"), numeric(n)))
  ties <- sum(vapply(rows, function(v) { t <- table(v); sum(t^3 - t) }, numeric(1)))
  s <- sum((colSums(ranks) - m * (n + 1) / 2)^2)
  denominator <- m^2 * (n^3 - n) - m * ties
  if (denominator <= 1e-9) return(list(m = m, w = NA_real_, chi2 = NA_real_, p = NA_real_))
  w <- min(max(12 * s / denominator, 0), 1)
  chi2 <- m * (n - 1) * w
  list(m = m, w = w, chi2 = chi2, p = pchisq(chi2, n - 1, lower.tail = FALSE))
}

differs <- function(expected, got) {
  if (is.character(got)) return(expected != got)
  e <- number(expected)
  if (is.na(e) || is.na(got)) return(is.na(e) != is.na(got))
  abs(e - got) > tolerance
}

ratings <- read("ratings.csv")
rule <- read("consensus_rule.csv")[1, ]
bands_table <- read("bands.csv")
summary <- read("summary.csv")
concordance <- read("concordance.csv")

ratings$round <- as.integer(ratings$round)
ratings$number <- number(ratings$value)
ratings$group <- trimws(ratings$role)
ratings$group[ratings$group == ""] <- "unspecified"
latest <- ave(ratings$round, ratings$session, ratings$dimension, FUN = max)
selected <- ratings[ratings$round == latest, ]

problems <- character(0)
columns <- c("n", "dont_know", "median", "mean", "sd", "q1", "q3", "iqr", "level", "agreement", "consensus")
for (i in seq_len(nrow(summary))) {
  row <- summary[i, ]
  cell <- selected[selected$stage == row$stage & selected$dimension == row$dimension, ]
  if (row$group != "all") cell <- cell[cell$group == row$group, ]
  bands <- bands_table[bands_table$dimension == row$dimension, ]
  bands <- data.frame(from = number(bands$from), to = number(bands$to), band = bands$band)
  bands <- bands[order(bands$from), ]
  got <- cell_stats(cell$number[!is.na(cell$number)], sum(is.na(cell$number)), bands, rule)
  for (c in columns) {
    if (differs(row[[c]], got[[c]])) {
      problems <- c(problems, sprintf("summary.csv %s,%s,%s %s: written %s, recomputed %s",
                                      row$stage, row$dimension, row$group, c,
                                      if (row[[c]] == "") "empty" else row[[c]],
                                      format(got[[c]], digits = 17)))
    }
  }
}

for (i in seq_len(nrow(concordance))) {
  row <- concordance[i, ]
  stages <- summary$stage[summary$dimension == row$dimension & summary$group == "all"]
  got <- kendall(selected[selected$dimension == row$dimension, ], stages)
  for (c in c("m", "w", "chi2", "p")) {
    if (differs(row[[c]], got[[c]])) {
      problems <- c(problems, sprintf("concordance.csv %s %s: written %s, recomputed %s",
                                      row$dimension, c, if (row[[c]] == "") "empty" else row[[c]],
                                      format(got[[c]], digits = 17)))
    }
  }
}

if (length(problems)) {
  cat(length(problems), "value(s) differ:\n")
  cat(problems, sep = "\n")
  quit(status = 1)
}
cat(sprintf("reproduced: %d rows of summary.csv and %d of concordance.csv agree to %g\n",
            nrow(summary), nrow(concordance), tolerance))
quit(status = 0)
