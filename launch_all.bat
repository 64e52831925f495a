@echo off
rem MT-Facturation one-shot launcher (Windows). Same behaviour as launch_all.sh.
rem   launch_all.bat          install what is missing, start everything, print URL and login
rem   launch_all.bat test     run every test
rem   launch_all.bat stop     stop what an earlier run started (by recorded pid)
rem   launch_all.bat status   tell whether the stack answers
setlocal EnableDelayedExpansion
cd /d "%~dp0"
if not exist ".mtf\run" mkdir ".mtf\run"
if not exist ".mtf\logs" mkdir ".mtf\logs"
set "PY=%CD%\.venv\Scripts\python.exe"

if not exist "%PY%" (
  set "BASE="
  for %%P in (py python python3) do (
    if not defined BASE (
      %%P -c "import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)" >nul 2>&1 && set "BASE=%%P"
    )
  )
  if not defined BASE (
    echo [mtf] Python 3.11 or newer is required
    exit /b 1
  )
  echo [mtf] creating the virtual environment in .venv
  !BASE! -m venv .venv || exit /b 1
)

for /f "usebackq delims=" %%H in (`"%PY%" -c "import hashlib;print(hashlib.sha256(open('pyproject.toml','rb').read()+open('src/sdk/mtf-partner-client/setup.py','rb').read()).hexdigest()[:16])"`) do set "WANT=%%H"
set "HAVE="
if exist ".mtf\pip.stamp" set /p HAVE=<".mtf\pip.stamp"
"%PY%" -c "import mtf, litestar" >nul 2>&1
if errorlevel 1 set "HAVE="
if not "!WANT!"=="!HAVE!" (
  echo [mtf] installing Python dependencies
  "%PY%" -m pip install --quiet --disable-pip-version-check --upgrade pip >nul
  "%PY%" -m pip install --quiet --disable-pip-version-check -e ".[dev]" || exit /b 1
  "%PY%" -m pip install --quiet --disable-pip-version-check -e src\sdk\mtf-partner-client || exit /b 1
  > ".mtf\pip.stamp" echo !WANT!
)

set "ACTION=%~1"
if "%ACTION%"=="" set "ACTION=start"
shift
set "REST="
:collect
if "%~1"=="" goto run
set "REST=!REST! %1"
shift
goto collect
:run
"%PY%" -m mtf.cli launch %ACTION% !REST!
exit /b %ERRORLEVEL%
