# Sourced by the recsys scripts: each dataset's path and fixed options, the settings of docs/RECSYS.md's
# MF tables (ML-100K: ratings >= 4, a fixed 80/20 random split, 30 epochs, batch 512; Gowalla: the
# LightGCN split, 10 epochs, batch 2048). Needs DATA (the shared data directory).
args() {
  case $1 in
    ml-100k) echo "--data $DATA/ml-100k --split random:0.2:42 --epochs 30 --batch-size 512" ;;
    gowalla) echo "--data $DATA/gowalla --epochs 10 --batch-size 2048" ;;
  esac
}
